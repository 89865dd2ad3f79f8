using System.Reflection;
using System.Runtime.CompilerServices;
using ActorRec.Cli.Commands;

namespace ActorRec.Cli.Tests.Packaging;

/// <summary>
/// The build these tests run from, which the packages are made of (`dotnet pack --no-build`): the repository, the
/// artifacts folder and configuration it was built into, the version in Directory.Build.props, and the dotnet to use.
/// </summary>
internal static class BuildOutput
{
    /// <summary>The dotnet that runs `dotnet test`, else the one on PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Release or Debug, as this test assembly (and so the CLI it references) was built.</summary>
    public static string Configuration =>
        typeof(BuildOutput).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>Test binaries sit in &lt;ArtifactsPath&gt;/bin/ActorRec.Cli.Tests/&lt;configuration&gt;/, wherever ArtifactsPath points.</summary>
    public static string ArtifactsPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));

    /// <summary>The package version: the CLI's informational version without the source revision after '+'.</summary>
    public static string Version =>
        typeof(ActorRecRoot).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    public static string Project(string name) => Path.Combine(RepositoryRoot(), "src", name, name + ".csproj");

    /// <summary>Packs <paramref name="project"/> from the existing build into <paramref name="packages"/>.</summary>
    public static async Task PackAsync(string project, string packages, string scratch) =>
        (await ProcessRun.StartAsync(Dotnet,
            [
                "pack", Project(project), "--no-build", "-c", Configuration, "-o", packages, "-nologo", "-nodeReuse:false",
                $"-p:ArtifactsPath={ArtifactsPath}",
                // A publish folder of its own: a stale one under artifacts/ (or a concurrent pack) would end up in the package.
                $"-p:PublishDir={Path.Combine(scratch, "publish-" + project)}{Path.DirectorySeparatorChar}",
            ],
            scratch)).Succeeded();

    /// <summary>
    /// A nuget.config that takes ActorRec's packages only from <paramref name="packages"/> and the public ones they depend on
    /// from this machine's global package folder, read as a local feed (there may be no network), and that extracts into a
    /// folder of its own: a package of the same version from an earlier run must not come from the global cache.
    /// </summary>
    public static string WriteIsolatedNuGetConfig(string folder, string packages)
    {
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } variable
            ? variable
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="built" value="{packages}" />
                <add key="machine" value="{global}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="built">
                  <package pattern="ActorRec.*" />
                </packageSource>
                <packageSource key="machine">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
}
