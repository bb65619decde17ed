namespace MassEmail.Core.Connections;

/// <summary>
/// What <see cref="IEndpointCallStore.TryEnterAsync"/> decided: the call may go (and is counted from
/// <paramref name="RetryAt"/>, the time it was asked at), or not before <paramref name="RetryAt"/>.
/// </summary>
public readonly record struct EndpointEntry(bool Entered, DateTimeOffset RetryAt);
