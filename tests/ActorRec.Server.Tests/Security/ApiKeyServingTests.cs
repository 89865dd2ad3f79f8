extern alias cli;
using ActorRec.Api.Security;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using ActorRec.Server.Tests.Fixtures;
using ActorRec.Testing;
using cli::ActorRec.Cli.Keys;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>
/// Keys made by the CLI's code, in the key file it wrote, against the real server (a child process on a loopback port):
/// ActorRec.Client and `actorrec models list` get in with them, and are told what to do without them.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ApiKeyServingTests(ServerFixture fixture)
{
    [Fact(Timeout = 300_000)]
    public async Task A_key_made_by_the_cli_opens_the_server_to_the_client_and_to_models_list_and_revoking_it_closes_it()
    {
        fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var keysFile = Path.Combine(folder.Path, "keys.json");
        var (key, entry) = StoredKey.Create("shop", tenant: null, ApiKeys.ParseScopes(["recommend,admin"]));
        var (readerKey, readerEntry) = StoredKey.Create("shop-reader", "shop", ApiKeys.ParseScopes(["recommend"]));
        KeyFile.Add(keysFile, entry, replace: false);
        KeyFile.Add(keysFile, readerEntry, replace: false);

        // The CLI mirrors the server's key rules; they must agree.
        Assert.Equal(ApiKeyRules.Hash(key), entry.Hash);
        Assert.Equal("shop", ApiKeyRules.IdOf(key));

        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["ModelStore:Directory"] = fixture.StoreDirectory,
            ["ClickLog:Directory"] = Path.Combine(folder.Path, "clicklog"),
            ["Security:ApiKeysFile"] = keysFile,
        });
        var url = new Uri($"http://127.0.0.1:{server.Port}");
        using var client = ActorRecClient.Create([url], new ActorRecClientOptions { Credential = key, K = 5 });
        using var keyed = ActorRecClient.CreateChannel(url, new ActorRecClientOptions { Credential = key });
        await WaitUntilServingAsync(server, new Recommender.RecommenderClient(keyed), ct);

        // ActorRec.Client with the key clicks through a session.
        var items = Clicks.KnownItems(fixture, 3);
        await using (var session = client.StartSession(Clicks.NewSessionId("keyed")))
        {
            foreach (var item in items)
            {
                var answer = await session.ClickAsync(item);
                Assert.Equal(fixture.VersionId, answer.ModelVersion);
                Assert.NotEmpty(answer.Items);
            }

            await Eventually.Within(session.CompleteAsync(), "the keyed session to complete");
            Assert.Equal(items.Length, session.LastApplied);
        }

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => server.Recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = "anyone", K = 1 }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);

        // The CLI: with the key it lists the models; without it, or with a key lacking the admin scope, it says what to do.
        var listed = await CliProcess.RunAsync(["models", "list", "--url", url.ToString(), "--api-key", key], null, ct);
        Assert.True(listed.ExitCode == 0, $"models list with the key exited {listed.ExitCode}:\n{listed.Output}");
        Assert.Contains(fixture.VersionId, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);

        var withoutKey = await CliProcess.RunAsync(["models", "list", "--url", url.ToString()], null, ct);
        Assert.Equal(3, withoutKey.ExitCode);
        Assert.Contains("set --api-key or ACTORREC_API_KEY", withoutKey.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", withoutKey.Output, StringComparison.Ordinal);

        var readerOnly = await CliProcess.RunAsync(["models", "list", "--url", url.ToString()], new Dictionary<string, string> { ["ACTORREC_API_KEY"] = readerKey }, ct);
        Assert.Equal(3, readerOnly.ExitCode);
        Assert.Contains("the key lacks the admin scope", readerOnly.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(readerKey, readerOnly.Output, StringComparison.Ordinal);

        // Revoked in the file, refused at the next calls: the server reads the file again when it changes.
        KeyFile.Remove(keysFile, "shop");
        var recommender = new Recommender.RecommenderClient(keyed);
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = "after-revoke", K = 1 }, cancellationToken: ct);
                    return false;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
                {
                    return true;
                }
            },
            "the revoked key to be refused",
            ct);
    }

    /// <summary>Waits until a keyed query is answered with a model; anonymous probes are refused on a server with keys.</summary>
    private static Task WaitUntilServingAsync(ServerProcess server, Recommender.RecommenderClient recommender, CancellationToken cancellationToken) =>
        Eventually.TrueAsync(
            async () =>
            {
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"The server exited before serving:\n{server.Output()}");
                }

                try
                {
                    await recommender.GetRecommendationsAsync(new GetRecommendationsRequest { SessionId = $"probe-{Guid.NewGuid():N}", K = 1 }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
                    return true;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    return false;
                }
            },
            "the server to serve a keyed query",
            cancellationToken);
}
