using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Packaging;

/// <summary>
/// ActorRec.Client and the ActorRec.Contracts package it depends on, packed from the build: a new project restores them
/// from a local folder and compiles against both (a session of clicks, and the ModelAdmin contract).
/// </summary>
public sealed class ClientPackageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_consumer_project_restores_and_builds_against_the_client_package()
    {
        var packages = Path.Combine(_folder.Path, "packages-built");
        await Task.WhenAll(BuildOutput.PackAsync("ActorRec.Contracts", packages, _folder.Path), BuildOutput.PackAsync("ActorRec.Client", packages, _folder.Path));
        Assert.True(File.Exists(Path.Combine(packages, $"ActorRec.Client.{BuildOutput.Version}.nupkg")), "ActorRec.Client was not packed");

        var consumer = Directory.CreateDirectory(Path.Combine(_folder.Path, "consumer")).FullName;
        BuildOutput.WriteIsolatedNuGetConfig(consumer, packages);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ActorRec.Client" Version="{BuildOutput.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using ActorRec.Client;
            using ActorRec.Contracts.V1;

            using var client = ActorRecClient.Create([new Uri("http://localhost:5000")]);
            await using var session = client.StartSession("visitor-42");
            var answer = await session.ClickAsync("214536502");
            foreach (var item in answer.Items)
            {
                Console.WriteLine($"{item.ItemId} {item.Score:F3}");
            }

            using var channel = ActorRecClient.CreateChannel(new Uri("http://localhost:5000"));
            var models = await new ModelAdmin.ModelAdminClient(channel).ListModelsAsync(new ListModelsRequest());
            Console.WriteLine(models.Models.Count);
            """);

        (await ProcessRun.StartAsync(BuildOutput.Dotnet,
            ["build", consumer, "-c", "Release", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            consumer)).Succeeded();

        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net10.0", "ActorRec.Client.dll")), "the consumer's output has no ActorRec.Client.dll");
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net10.0", "ActorRec.Contracts.dll")), "the consumer's output has no ActorRec.Contracts.dll");
        Assert.True(Directory.Exists(Path.Combine(consumer, "packages", "actorrec.client", BuildOutput.Version)), "ActorRec.Client was not restored from the local folder");
    }
}
