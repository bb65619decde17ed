using MassEmail.Core.Connections;

namespace MassEmail.Plugins.Abstractions;

/// <summary>One vendor endpoint's call windows and the lock the vendor imposes when one is exceeded.</summary>
/// <param name="Endpoint">The endpoint's name as the vendor documents it (<c>json/listsubscribe</c>).</param>
/// <param name="Windows">Each window: at most <see cref="CallWindow.Calls"/> calls in any <see cref="CallWindow.Period"/>.</param>
/// <param name="Lock">How long the vendor refuses the endpoint after a window is exceeded (zero: no lock).</param>
public sealed record EndpointLimit(string Endpoint, IReadOnlyList<CallWindow> Windows, TimeSpan Lock);
