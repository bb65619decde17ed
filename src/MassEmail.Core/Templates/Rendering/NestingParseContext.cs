using System.Runtime.CompilerServices;
using Fluid.Parser;
using Parlot;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Fluid's parse context plus the current nesting depth, which <see cref="NestingGuard{T}"/>
/// keeps at most <see cref="MaxDepth"/>. One per parse: a parse runs on one thread.
/// </summary>
internal sealed class NestingParseContext(string text, int maxDepth) : FluidParseContext(text)
{
    public int MaxDepth { get; } = maxDepth;

    /// <summary>Set when the parse was stopped by the limit rather than by a syntax error.</summary>
    public bool TooDeep { get; private set; }

    private int depth;

    /// <summary>
    /// Enters one level; throws a parse error at the current position past <see cref="MaxDepth"/>,
    /// or when the thread has too little stack left for another level (a caller on a small stack).
    /// </summary>
    public void Enter()
    {
        if (depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            TooDeep = true;
            throw new ParseException(NestingLimit.Message(MaxDepth), Scanner.Cursor.Position);
        }

        depth++;
    }

    public void Exit() => depth--;
}
