using Fluid.Ast;

namespace MassEmail.Core.Templates.Rendering;

/// <summary>Swaps the AST nodes whose memory use Fluid does not bound for bounded ones, once per parse.</summary>
internal sealed class SandboxRewriter(LiquidSandboxOptions limits) : AstRewriter
{
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
}
