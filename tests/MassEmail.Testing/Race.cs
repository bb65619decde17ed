namespace MassEmail.Testing;

/// <summary>Runs calls on the thread pool released together by one gate, so that they really overlap (at a store, at a server).</summary>
public static class Race
{
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<T>[] racers = [.. Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await call(i);
        }))];
        gate.SetResult();
        return await Task.WhenAll(racers);
    }

    public static Task RunAsync(int count, Func<int, Task> call) =>
        RunAsync(count, async i =>
        {
            await call(i);
            return true;
        });
}
