using System.Text.Json.Nodes;
using ActorRec.Cli.Keys;
using Xunit;

namespace ActorRec.Cli.Tests.Keys;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actorrec-keys-").FullName;

    private string FilePath => Path.Combine(_directory, "keys.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Adding_to_a_missing_file_creates_it_with_the_entry_and_owner_only_permissions()
    {
        var (key, entry) = StoredKey.Create("shop", tenant: null, ["recommend"]);

        KeyFile.Add(FilePath, entry, replace: false);

        var stored = Assert.IsType<JsonObject>(Assert.Single(Keys()));
        Assert.Equal("shop", (string?)stored["id"]);
        Assert.Equal(ApiKeys.Hash(key), (string?)stored["hash"]);
        Assert.Equal("shop", (string?)stored["tenant"]);
        Assert.Equal(["recommend"], stored["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.DoesNotContain(key, File.ReadAllText(FilePath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }
    }

    [Fact]
    public void Adding_keeps_the_other_entries_and_fields_it_does_not_know()
    {
        File.WriteAllText(FilePath, """
            {
              // written by hand
              "keys": [ { "id": "old", "hash": "sha256:00", "scopes": ["admin"], "note": "ops team" } ],
              "comment": "kept"
            }
            """);

        KeyFile.Add(FilePath, StoredKey.Create("new", "shop", ["recommend", "metrics"]).Entry, replace: false);

        var root = JsonNode.Parse(File.ReadAllText(FilePath))!;
        Assert.Equal("kept", (string?)root["comment"]);
        Assert.Equal(["old", "new"], Keys().Select(k => (string?)k!["id"]));
        Assert.Equal("ops team", (string?)Keys()[0]!["note"]);
        Assert.Equal("shop", (string?)Keys()[1]!["tenant"]);
    }

    [Fact]
    public void A_duplicate_id_is_refused_unless_replaced()
    {
        var first = StoredKey.Create("shop", null, ["recommend"]).Entry;
        var second = StoredKey.Create("shop", null, ["recommend", "admin"]).Entry;
        KeyFile.Add(FilePath, first, replace: false);

        var refused = Assert.Throws<ArgumentException>(() => KeyFile.Add(FilePath, second, replace: false));
        Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.Hash, (string?)Assert.Single(Keys())!["hash"]);

        KeyFile.Add(FilePath, second, replace: true);
        Assert.Equal(second.Hash, (string?)Assert.Single(Keys())!["hash"]);
    }

    [Fact]
    public void Revoking_removes_only_that_entry_and_an_unknown_id_is_an_error()
    {
        KeyFile.Add(FilePath, StoredKey.Create("a", null, ["recommend"]).Entry, replace: false);
        KeyFile.Add(FilePath, StoredKey.Create("b", null, ["recommend"]).Entry, replace: false);

        KeyFile.Remove(FilePath, "a");

        Assert.Equal(["b"], Keys().Select(k => (string?)k!["id"]));
        Assert.Throws<ArgumentException>(() => KeyFile.Remove(FilePath, "a"));
        Assert.Throws<FileNotFoundException>(() => KeyFile.Remove(Path.Combine(_directory, "none.json"), "b"));
    }

    [Fact]
    public void Writing_leaves_no_temporary_file_behind_and_a_broken_file_is_left_alone()
    {
        KeyFile.Add(FilePath, StoredKey.Create("a", null, ["recommend"]).Entry, replace: false);
        Assert.Equal(["keys.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));

        File.WriteAllText(FilePath, "{ \"keys\": [ ");
        Assert.Throws<InvalidDataException>(() => KeyFile.Add(FilePath, StoredKey.Create("b", null, ["recommend"]).Entry, replace: false));
        Assert.Equal("{ \"keys\": [ ", File.ReadAllText(FilePath));
    }

    private JsonArray Keys() => JsonNode.Parse(File.ReadAllText(FilePath))!["keys"]!.AsArray();
}
