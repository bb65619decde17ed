using System.Text.Json;
using MassEmail.Testing;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// The .NET runtime settings the server binary carries in its runtimeconfig.json, which <c>dotnet publish</c> (the
/// image) and every start of the built binary use (docs/production.md, "The runtime's settings").
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void ServerRuntimeConfig_ServerGcAndHotMethodsOptimisedWithoutTheCallCountingDelay()
    {
        var path = Path.ChangeExtension(ServerProcess.CopiedServerDll, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }
}
