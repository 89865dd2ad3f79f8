using ActorRec.Api.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ActorRec.Server.Tests.Security;

/// <summary>The key file is read again when it changes, however it is replaced, including as Kubernetes swaps a Secret.</summary>
public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorrec-keys-").FullName;

    [Fact]
    public void A_key_file_behind_a_swapped_symbolic_link_is_read_again_even_when_time_and_size_match()
    {
        // The kubelet's layout: keys.json -> ..data/keys.json, ..data -> a folder per version, swapped on update.
        var first = TestKeys.New("app");
        var second = TestKeys.New("app");
        var old = WriteVersion("..v1", first);
        var next = WriteVersion("..v2", second);
        File.SetLastWriteTimeUtc(next, File.GetLastWriteTimeUtc(old));
        Assert.Equal(new FileInfo(old).Length, new FileInfo(next).Length);
        var data = Path.Combine(_folder, "..data");
        Directory.CreateSymbolicLink(data, Path.Combine(_folder, "..v1"));
        var keys = Path.Combine(_folder, "keys.json");
        File.CreateSymbolicLink(keys, Path.Combine("..data", "keys.json"));
        var store = new ApiKeyStore(new FixedOptions(new SecurityOptions { ApiKeysFile = keys }), NullLogger<ApiKeyStore>.Instance);
        store.Load();
        Assert.NotNull(store.Find(first));

        Directory.Delete(data);
        Directory.CreateSymbolicLink(data, Path.Combine(_folder, "..v2"));

        Assert.Null(store.Find(first));
        Assert.NotNull(store.Find(second));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteVersion(string name, string key)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var path = Path.Combine(folder, "keys.json");
        TestKeys.WriteFile(path, [TestKeys.Entry("app", key, "app", Scopes.Recommend)]);
        return path;
    }

    private sealed class FixedOptions(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
