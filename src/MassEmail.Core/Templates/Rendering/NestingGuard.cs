using Parlot;
using Parlot.Fluent;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Wraps a parser that the grammar re-enters recursively, counting one level per entry on the
/// <see cref="NestingParseContext"/>, so the recursion stops at the limit instead of at the end
/// of the thread's stack.
/// </summary>
internal sealed class NestingGuard<T>(Parser<T> inner) : Parser<T>
{
    public override bool Parse(ParseContext context, ref ParseResult<T> result)
    {
        var nesting = (NestingParseContext)context;
        nesting.Enter();
        try
        {
            return inner.Parse(context, ref result);
        }
        finally
        {
            nesting.Exit();
        }
    }
}
