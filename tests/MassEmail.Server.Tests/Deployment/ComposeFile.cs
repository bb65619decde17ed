using YamlDotNet.RepresentationModel;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// deploy/compose.yaml as YAML nodes (aliases resolved), with the few readings the tests need. A service's
/// environment and depends_on may be anchors shared by several services; they are read the same way.
/// </summary>
internal sealed class ComposeFile
{
    private readonly YamlMappingNode services;

    private ComposeFile(string path, YamlMappingNode root)
    {
        Path = path;
        services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyList<string> ServiceNames => [.. services.Children.Keys.Select(Text)];

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new ComposeFile(path, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    /// <summary>The service's environment mapping (compose also allows a list of KEY=VALUE; this file uses the mapping).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Mapping(service, "environment") is { } environment
            ? environment.Children.ToDictionary(e => Text(e.Key), e => Text(e.Value), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>The service's command as a list of words.</summary>
    public IReadOnlyList<string> Command(string service) => Sequence(service, "command");

    /// <summary>The service's published ports as written ("HOST_IP:HOST_PORT:CONTAINER_PORT").</summary>
    public IReadOnlyList<string> Ports(string service) => Sequence(service, "ports");

    /// <summary>The service's volume entries as written.</summary>
    public IReadOnlyList<string> Volumes(string service) => Sequence(service, "volumes");

    /// <summary>The services this one waits for, with the condition of each.</summary>
    public IReadOnlyDictionary<string, string> DependsOn(string service) =>
        Mapping(service, "depends_on") is { } dependsOn
            ? dependsOn.Children.ToDictionary(d => Text(d.Key), d => Text(((YamlMappingNode)d.Value).Children[new YamlScalarNode("condition")]), StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>A scalar setting of the service, e.g. image; null when absent.</summary>
    public string? Scalar(string service, string key) =>
        Service(service).Children.TryGetValue(new YamlScalarNode(key), out var node) ? Text(node) : null;

    /// <summary>A setting under a mapping of the service, e.g. build → dockerfile; null when absent.</summary>
    public string? Scalar(string service, string key, string inner) =>
        Mapping(service, key) is { } mapping && mapping.Children.TryGetValue(new YamlScalarNode(inner), out var node) ? Text(node) : null;

    private YamlMappingNode Service(string name) => (YamlMappingNode)services.Children[new YamlScalarNode(name)];

    private YamlMappingNode? Mapping(string service, string key) =>
        Service(service).Children.TryGetValue(new YamlScalarNode(key), out var node) ? (YamlMappingNode)node : null;

    private List<string> Sequence(string service, string key) =>
        Service(service).Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? [.. ((YamlSequenceNode)node).Children.Select(Text)]
            : [];

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
