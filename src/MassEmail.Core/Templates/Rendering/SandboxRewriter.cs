using System.Runtime.CompilerServices;
using Fluid.Ast;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>
/// Swaps the AST nodes whose memory use Fluid does not bound for bounded ones, and refuses a tree
/// deeper than <see cref="LiquidSandboxOptions.MaxNestingDepth"/>. Filter and and/or chains are
/// parsed in a loop but built as a tree as deep as the chain is long, and this visitor, Fluid's
/// renderer and its evaluation all recurse once per level. One instance per parse: it counts depth.
/// </summary>
internal sealed class SandboxRewriter(LiquidSandboxOptions limits) : AstRewriter
{
    private int depth;

    public override Statement Visit(Statement statement) => OneLevelDown(statement, base.Visit);

    public override Expression Visit(Expression expression) => OneLevelDown(expression, base.Visit);

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        // Fluid's rewriter stops at members, but an index (a[b[c]], a[(1..n)]) holds an expression
        // that is evaluated recursively and may hold a range.
        var changed = false;
        var segments = new MemberSegment[memberExpression.Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = memberExpression.Segments[i];
            if (segment is IndexerSegment indexer && TryRewriteExpression(indexer.Expression, out var index))
            {
                segment = new IndexerSegment(index);
                changed = true;
            }

            segments[i] = segment;
        }

        return changed ? new MemberExpression(segments) : memberExpression;
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        // A range longer than the step budget could never be iterated to its end anyway.
        var visited = base.VisitRangeExpression(rangeExpression);
        return visited is RangeExpression range ? new BoundedRangeExpression(range, limits.MaxSteps) : visited;
    }

    protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
    {
        var visited = base.VisitCaptureStatement(captureStatement);
        return visited is CaptureStatement capture ? new BoundedCaptureStatement(capture, limits.MaxOutputLength) : visited;
    }

    private T OneLevelDown<T>(T node, Func<T, T> visit)
    {
        // Also stops when the thread's stack runs low, should a caller run on a small one.
        if (++depth > limits.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new NestingTooDeepException(limits.MaxNestingDepth);
        }

        try
        {
            return visit(node);
        }
        finally
        {
            depth--;
        }
    }
}
