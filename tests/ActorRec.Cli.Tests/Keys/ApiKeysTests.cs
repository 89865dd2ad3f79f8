using System.Buffers.Text;
using System.Text.RegularExpressions;
using ActorRec.Cli.Keys;
using Xunit;

namespace ActorRec.Cli.Tests.Keys;

public sealed partial class ApiKeysTests
{
    [Fact]
    public void A_new_key_is_the_prefix_the_id_and_32_random_bytes_in_unpadded_base64url()
    {
        var key = ApiKeys.NewKey("shop-1");

        var match = KeyShape().Match(key);
        Assert.True(match.Success, $"'{key}' is not shaped ar_<id>_<base64url>");
        Assert.Equal("shop-1", match.Groups["id"].Value);
        Assert.Equal(ApiKeys.SecretBytes, Base64Url.DecodeFromChars(match.Groups["secret"].Value).Length);
        Assert.DoesNotContain('=', key);
    }

    [Fact]
    public void Every_key_has_its_own_secret()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeys.NewKey("shop")).ToHashSet();

        Assert.Equal(100, keys.Count);
    }

    [Fact]
    public void The_hash_is_sha256_of_the_utf8_key_in_lowercase_hex()
    {
        // Computed apart from this code: printf 'ar_shop_abc' | sha256sum
        Assert.Equal("sha256:af343cfeee812ce99b1fb5664964a9011dfdc4ef4f5103c856ef5c618481eefa", ApiKeys.Hash("ar_shop_abc"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Shop-2024", true)]
    [InlineData("", false)]
    [InlineData("shop_eu", false)]
    [InlineData("shop eu", false)]
    [InlineData("shöp", false)]
    public void Ids_are_letters_digits_and_dashes(string id, bool valid)
    {
        Assert.Equal(valid, ApiKeys.IsValidId(id));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => ApiKeys.NewKey(id));
        }
    }

    [Fact]
    public void Ids_are_at_most_64_characters()
    {
        Assert.True(ApiKeys.IsValidId(new string('a', 64)));
        Assert.False(ApiKeys.IsValidId(new string('a', 65)));
    }

    [Fact]
    public void Scopes_are_split_on_commas_deduplicated_and_checked()
    {
        Assert.Equal(["recommend", "admin"], ApiKeys.ParseScopes(["admin,recommend", "admin"]));
        Assert.Contains("'read'", Assert.Throws<ArgumentException>(() => ApiKeys.ParseScopes(["recommend,read"])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ApiKeys.ParseScopes([","]));
    }

    [GeneratedRegex("^ar_(?<id>[A-Za-z0-9-]{1,64})_(?<secret>[A-Za-z0-9_-]{43})$")]
    private static partial Regex KeyShape();
}
