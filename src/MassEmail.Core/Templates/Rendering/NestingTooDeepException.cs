namespace MassEmail.Core.Templates.Rendering;

/// <summary>Thrown by <see cref="SandboxRewriter"/> when a parsed template is deeper than the nesting limit.</summary>
internal sealed class NestingTooDeepException(int maxDepth) : Exception(NestingLimit.Message(maxDepth));
