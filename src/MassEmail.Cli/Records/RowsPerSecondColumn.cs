using Spectre.Console;
using Spectre.Console.Rendering;

namespace MassEmail.Cli.Records;

/// <summary>A progress column with rows done and the rate in rows per second (Spectre's own speed column counts bytes).</summary>
public sealed class RowsPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text($"{task.Value:N0}/{task.MaxValue:N0} rows  {task.Speed ?? 0:N0} rows/s");
}
