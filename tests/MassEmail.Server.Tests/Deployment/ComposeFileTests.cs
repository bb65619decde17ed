using System.Text.RegularExpressions;
using MongoDB.Driver;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// deploy/compose.yaml describes the production shape: a three-node MongoDB replica set that an init step
/// initiates, two MassEmail instances on that one store and one SES configuration, and the SES emulator; it
/// publishes only the documented host ports, and sets only configuration keys the server reads.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] MongoNodes = ["mongo1", "mongo2", "mongo3"];
    private static readonly string[] Instances = ["massemail-1", "massemail-2"];

    private readonly ComposeFile compose = ComposeFile.Load(Path.Combine(RepoRoot.Find(), "deploy", "compose.yaml"));

    [Fact]
    public void Services_AreTheReplicaSetItsInitTheEmulatorAndTwoInstances()
    {
        Assert.Equal(
            ["massemail-1", "massemail-2", "mongo-init", "mongo1", "mongo2", "mongo3", "ses"],
            compose.ServiceNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MongoNodes_RunOneReplicaSet_ThatTheInitStepInitiatesWithAllThree()
    {
        foreach (var node in MongoNodes)
        {
            Assert.Equal(["mongod", "--replSet", "rs0", "--bind_ip_all"], compose.Command(node));
            Assert.Contains($"{node}-data:/data/db", compose.Volumes(node));
        }

        // The init step waits for every node, then runs deploy/mongo-init.js against the first.
        Assert.Equal(MongoNodes.ToDictionary(n => n, _ => "service_healthy"), compose.DependsOn("mongo-init"));
        Assert.Equal(["mongosh", "--quiet", "--host", "mongo1:27017", "--file", "/deploy/mongo-init.js"], compose.Command("mongo-init"));
        Assert.Contains("./mongo-init.js:/deploy/mongo-init.js:ro", compose.Volumes("mongo-init"));
        Assert.Equal("no", compose.Scalar("mongo-init", "restart"));

        var script = File.ReadAllText(Path.Combine(compose.Directory, "mongo-init.js"));
        Assert.Contains("rs.initiate(config)", script, StringComparison.Ordinal);
        Assert.Matches(@"_id:\s*""rs0""", script);
        Assert.Equal(MongoNodes.Select(n => $"{n}:27017"), MemberHost().Matches(script).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Instances_UseOneImageOneReplicaSetConnectionStringAndOneSesEndpoint()
    {
        var first = compose.Environment(Instances[0]);
        foreach (var instance in Instances)
        {
            Assert.Equal(first, compose.Environment(instance));
            Assert.Equal("massemail-server:local", compose.Scalar(instance, "image"));
            Assert.Equal("deploy/Dockerfile", compose.Scalar(instance, "build", "dockerfile"));
            Assert.Equal("..", compose.Scalar(instance, "build", "context"));
            Assert.Equal(
                new Dictionary<string, string> { ["mongo-init"] = "service_completed_successfully", ["ses"] = "service_healthy" },
                compose.DependsOn(instance));
        }

        Assert.Equal("Mongo", first["Storage__Provider"]);
        var url = MongoUrl.Create(first["Storage__Mongo__ConnectionString"]);
        Assert.Equal("rs0", url.ReplicaSetName);
        Assert.Equal(MongoNodes.Select(n => $"{n}:27017"), url.Servers.Select(s => $"{s.Host}:{s.Port}"));

        // The emulator service, on the port its command listens on, on every interface of its container.
        var ses = compose.Command("ses");
        Assert.Contains("aws-ses-v2-local@2.10.2", ses);
        Assert.Equal("0.0.0.0", ses[ses.ToList().IndexOf("--host") + 1]);
        Assert.Equal($"http://ses:{ses[ses.ToList().IndexOf("--port") + 1]}", first["Ses__Endpoint"]);
        Assert.Equal("us-east-1", first["Ses__Region"]);
    }

    [Fact]
    public void Emulator_PinsTheVersionTheToolsInstall()
    {
        var pinned = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "tools", "package.json")))
            .RootElement.GetProperty("dependencies").GetProperty("aws-ses-v2-local").GetString();
        Assert.Contains($"aws-ses-v2-local@{pinned}", compose.Command("ses"));
    }

    [Fact]
    public void Emulator_AnswersGetAccountAsForDevStart()
    {
        // A production account (no sandbox), so that sends are not refused up front; the same answer the Quick start uses.
        var devStart = DevStartAccount().Match(File.ReadAllText(Path.Combine(RepoRoot.Find(), "dev", "start")));
        Assert.True(devStart.Success, "dev/start no longer exports AWS_SES_ACCOUNT");
        Assert.Equal(devStart.Groups[1].Value, compose.Environment("ses")["AWS_SES_ACCOUNT"]);
    }

    [Fact]
    public void HostPorts_AreOnlyTheDocumentedOnes_AndOnLoopback()
    {
        var published = compose.ServiceNames.SelectMany(s => compose.Ports(s).Select(p => $"{s} {p}")).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["massemail-1 127.0.0.1:5081:8080", "massemail-2 127.0.0.1:5082:8080", "ses 127.0.0.1:8005:8005"],
            published);
        var documented = File.ReadAllText(Path.Combine(RepoRoot.Find(), "docs", "production.md"));
        foreach (var port in new[] { "5081", "5082", "8005" })
        {
            Assert.Contains($"127.0.0.1:{port}", documented, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InstanceEnvironment_NamesOnlyKeysTheServerReads()
    {
        var unknown = Instances.SelectMany(compose.Environment)
            .Select(e => e.Key)
            .Where(name => !ConfigurationKeys.IsKnown(name) && !ConfigurationKeys.OtherVariables.ContainsKey(name))
            .Distinct()
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void ConfigurationKeys_KnowTheOptionsAndRefuseATypo()
    {
        // The check above is only worth something if it refuses what the server ignores.
        Assert.True(ConfigurationKeys.IsKnown("Ses__Endpoint"));
        Assert.True(ConfigurationKeys.IsKnown("Storage__Mongo__ConnectionString"));
        Assert.True(ConfigurationKeys.IsKnown("Sending__UnsubscribeKey"));
        Assert.True(ConfigurationKeys.IsKnown("Kestrel__Endpoints__Grpc__Url"));
        Assert.False(ConfigurationKeys.IsKnown("Ses__Endpiont"));
        Assert.False(ConfigurationKeys.IsKnown("Storage__Mongo__Url"));
        Assert.False(ConfigurationKeys.IsKnown("MASSEMAIL_UNSUBSCRIBE_KEY"));
    }

    [Fact]
    public void UnsubscribeKey_ComesFromTheEnvironmentAndIsRequired()
    {
        // Both instances must sign links with one key, and no key may sit in the repository.
        Assert.Matches(@"^\$\{MASSEMAIL_UNSUBSCRIBE_KEY:\?[^}]+\}$", compose.Environment(Instances[0])["Sending__UnsubscribeKey"]);
    }

    [GeneratedRegex(@"^export AWS_SES_ACCOUNT='([^']+)'$", RegexOptions.Multiline)]
    private static partial Regex DevStartAccount();

    [GeneratedRegex(@"host:\s*""([^""]+)""")]
    private static partial Regex MemberHost();
}
