namespace MassEmail.Core.Connections;

/// <summary>
/// What <see cref="IEndpointCallStore.TryEnterAsync"/> decided: the call may go (<paramref name="Entered"/>; it is
/// counted from the time it asked at, which <paramref name="RetryAt"/> then is), or not before <paramref name="RetryAt"/>.
/// </summary>
public readonly record struct EndpointEntry(bool Entered, DateTimeOffset RetryAt);
