using Google.Protobuf;
using Grpc.Core;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// A valid request of one RPC, built in a <see cref="HostileWorld"/>, and the status it gets unchanged
/// (OK, or the precondition a finished send meets). Hostile variants start from it.
/// </summary>
internal sealed record SeedCase(Func<HostileWorld, Task<IMessage>> Build, StatusCode Expected = StatusCode.OK);
