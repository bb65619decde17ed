namespace MassEmail.Core.Work;

/// <summary>A claimed unit of work (see <see cref="IWorkSource"/>).</summary>
public interface IWorkUnit
{
    /// <summary>
    /// Runs the unit, keeps its lease while it runs and stores its outcome. <paramref name="stop"/> cancelled means stop
    /// cooperatively: start nothing new, store what is done, hand back the rest (claimable again), then return or throw
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    Task RunAsync(CancellationToken stop);
}
