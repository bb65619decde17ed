using System.Xml.Linq;

namespace MassEmail.Server.Tests.Deployment;

/// <summary>
/// deploy/Dockerfile: published by the SDK image, run by the ASP.NET runtime image as its non-root user, with a
/// health check that asks the gRPC health service. No Docker engine runs here, so the image is not built by the
/// tests (docs/production.md gives the command); these read the file.
/// </summary>
public sealed class DockerfileTests
{
    private readonly string root = RepoRoot.Find();
    private readonly DockerfileInstructions dockerfile = DockerfileInstructions.Load(Path.Combine(RepoRoot.Find(), "deploy", "Dockerfile"));

    [Fact]
    public void Stages_PublishWithTheSdkAndRunOnTheAspNetRuntime()
    {
        Assert.Equal(
            ["mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build", "mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime"],
            dockerfile.All.Where(i => i.Keyword == "FROM").Select(i => i.Arguments));
        Assert.Contains(("RUN", "dotnet publish src/MassEmail.Server/MassEmail.Server.csproj -c Release --no-restore -o /app -p:UseAppHost=false"), dockerfile.All);
        Assert.Contains(("COPY", "--from=build /app ./"), dockerfile.FinalStage);
        Assert.Equal(("ENTRYPOINT", """["dotnet", "MassEmail.Server.dll"]"""), dockerfile.FinalStage[^1]);
    }

    [Fact]
    public void Restore_CopiesEveryProjectTheServerReferences()
    {
        // The restore layer sees only the project files it is given: a project the server gained and this list lacks breaks the build.
        var copied = dockerfile.All.Where(i => i.Keyword == "COPY").Select(i => i.Arguments).ToList();
        foreach (var project in ServerProjects())
        {
            var folder = Path.GetDirectoryName(project)!.Replace('\\', '/');
            Assert.Contains($"{project} {folder}/", copied);
        }

        // And the publish step sees their code: each top folder holding one of them is copied whole.
        foreach (var top in ServerProjects().Select(p => p.Split('/')[0]).Distinct())
        {
            Assert.Contains($"{top}/ {top}/", copied);
        }
    }

    [Fact]
    public void FinalStage_RunsAsTheNonRootUserWithTheGrpcHealthCheck()
    {
        var final = dockerfile.FinalStage;
        Assert.Contains(("USER", "$APP_UID"), final);
        Assert.Contains(("COPY", "deploy/healthcheck.sh /usr/local/bin/massemail-healthcheck"), final);
        var healthcheck = Assert.Single(final, i => i.Keyword == "HEALTHCHECK").Arguments;
        Assert.EndsWith("""CMD ["sh", "/usr/local/bin/massemail-healthcheck", "http://127.0.0.1:8080"]""", healthcheck, StringComparison.Ordinal);

        // The health check, EXPOSE and the compose file's container ports all mean the one gRPC endpoint.
        Assert.Equal("http://+:8080", dockerfile.Environment["Kestrel__Endpoints__Grpc__Url"]);
        Assert.Contains(("EXPOSE", "8080"), final);
    }

    [Fact]
    public void ImageEnvironment_NamesOnlyKeysTheServerReads()
    {
        var unknown = dockerfile.Environment.Keys
            .Where(name => !ConfigurationKeys.IsKnown(name) && !ConfigurationKeys.OtherVariables.ContainsKey(name))
            .ToList();

        Assert.Empty(unknown);
        Assert.Equal("Production", dockerfile.Environment["ASPNETCORE_ENVIRONMENT"]);
    }

    // MassEmail.Server.csproj and every project it references, directly or not, relative to the repository root.
    private SortedSet<string> ServerProjects()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.Combine(root, "src", "MassEmail.Server", "MassEmail.Server.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!found.Add(Path.GetRelativePath(root, project).Replace('\\', '/')))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value)));
            }
        }

        return found;
    }
}
