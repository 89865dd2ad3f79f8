using System.CommandLine;
using System.Text.Json.Nodes;
using ActorRec.Cli.Commands;
using ActorRec.Cli.Keys;
using Xunit;

namespace ActorRec.Cli.Tests.Keys;

/// <summary>`actorrec keys create|revoke` as a script sees them: the key alone on stdout, everything else on stderr.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-keys-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _messages = new();

    private string FilePath => Path.Combine(_directory, "keys.json");

    public void Dispose()
    {
        _output.Dispose();
        _messages.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Create_prints_the_key_alone_on_stdout_and_the_entry_to_store_on_stderr()
    {
        Assert.Equal(0, await RunAsync("create", "--id", "shop", "--scopes", "recommend,admin"));

        var key = Assert.Single(_output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("shop", key.Split('_')[1]);
        var messages = _messages.ToString();
        Assert.DoesNotContain(key, messages, StringComparison.Ordinal);
        var entry = JsonNode.Parse(messages[messages.IndexOf('{', StringComparison.Ordinal)..(messages.LastIndexOf('}') + 1)])!;
        Assert.Equal(ApiKeys.Hash(key), (string?)entry["hash"]);
        Assert.Equal(["recommend", "admin"], entry["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task Create_with_a_file_stores_the_entry_and_revoke_removes_it()
    {
        Assert.Equal(0, await RunAsync("create", "--id", "shop", "--tenant", "acme", "--scopes", "recommend", "--file", FilePath));
        var key = _output.ToString().Trim();

        var stored = JsonNode.Parse(File.ReadAllText(FilePath))!["keys"]![0]!;
        Assert.Equal(ApiKeys.Hash(key), (string?)stored["hash"]);
        Assert.Equal("acme", (string?)stored["tenant"]);

        Assert.Equal(0, await RunAsync("revoke", "--id", "shop", "--file", FilePath));
        Assert.Empty(JsonNode.Parse(File.ReadAllText(FilePath))!["keys"]!.AsArray());
    }

    [Fact]
    public async Task A_refused_duplicate_prints_no_key()
    {
        Assert.Equal(0, await RunAsync("create", "--id", "shop", "--scopes", "recommend", "--file", FilePath));
        _output.GetStringBuilder().Clear();

        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync("create", "--id", "shop", "--scopes", "admin", "--file", FilePath));

        Assert.Empty(_output.ToString());
    }

    [Fact]
    public async Task Create_refuses_an_unknown_scope_and_needs_an_id_and_scopes()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RunAsync("create", "--id", "shop", "--scopes", "everything"));
        Assert.NotEqual(0, await RunAsync("create", "--scopes", "recommend"));
        Assert.NotEqual(0, await RunAsync("create", "--id", "shop"));
        Assert.Empty(_output.ToString());
    }

    private Task<int> RunAsync(params string[] args) =>
        KeysCommand.Create(_output, _messages).Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = TextWriter.Null, Error = TextWriter.Null });
}
