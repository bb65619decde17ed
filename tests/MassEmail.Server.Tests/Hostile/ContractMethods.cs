using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>Every RPC of the public contract, read from the generated descriptors (so a new RPC is in without anyone listing it).</summary>
internal static class ContractMethods
{
    public const string Package = "massemail.v1";

    /// <summary>Every method of every service in the <see cref="Package"/> files, by full name (<c>massemail.v1.X/Y</c>).</summary>
    public static IReadOnlyDictionary<string, MethodDescriptor> All { get; } = typeof(TemplatesService).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<FileDescriptor>()
        .Where(f => f.Package == Package)
        .SelectMany(f => f.Services)
        .SelectMany(s => s.Methods)
        .ToDictionary(FullName, StringComparer.Ordinal);

    public static string FullName(MethodDescriptor m) => $"{m.Service.FullName}/{m.Name}";

    public static MethodType TypeOf(MethodDescriptor m) => (m.IsClientStreaming, m.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        _ => MethodType.DuplexStreaming,
    };
}
