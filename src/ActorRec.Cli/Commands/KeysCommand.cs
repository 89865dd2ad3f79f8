using System.CommandLine;
using System.Text.Json;
using ActorRec.Cli.Keys;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec keys`: make and revoke the API keys a server accepts (its Security:ApiKeysFile).</summary>
internal static class KeysCommand
{
    private static readonly JsonSerializerOptions EntryFormat = new() { WriteIndented = true };

    public static Command Create() => Create(Console.Out, Console.Error);

    /// <param name="output">Where the new key goes, alone on its line, so that a script can capture it.</param>
    /// <param name="messages">Where everything else goes: the entry to store and what to do with it.</param>
    internal static Command Create(TextWriter output, TextWriter messages)
    {
        var id = new Option<string>("--id") { Description = $"The key's id, 1 to {ApiKeys.MaxIdLength} letters, digits or '-'; it is part of the key and names it in the server's logs.", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "Whose sessions the key reaches; keys of one tenant share them, so a second key for the tenant rotates the first. Default: the id." };
        var scopes = new Option<string[]>("--scopes")
        {
            Description = "What the key may call, comma-separated: recommend (Recommender), admin (ModelAdmin: models, trainer), metrics (/metrics).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var createFile = new Option<string?>("--file") { Description = "Add the entry to this key file (the server's Security:ApiKeysFile), creating it; written atomically, readable by its owner only." };
        var replace = new Option<bool>("--replace") { Description = "Replace an entry with the same id in --file (the old key stops working at once)." };
        var create = new Command(
            "create",
            "Make a new API key. The key is printed once, alone on stdout; the entry the server stores (the key's hash, never the key) goes to stderr, " +
            "and with --file into the key file, which a running server reads again at its next call. " +
            "A script captures it with export ACTORREC_API_KEY=$(actorrec keys create ...).")
        {
            id, tenant, scopes, createFile, replace,
        };
        create.WithExamples(
            "actorrec keys create --id shop --scopes recommend,admin --file keys.json",
            "actorrec keys create --id shop-2 --tenant shop --scopes recommend --file keys.json");
        create.SetAction(parse =>
        {
            var (key, entry) = StoredKey.Create(parse.GetValue(id)!, parse.GetValue(tenant), ApiKeys.ParseScopes(parse.GetValue(scopes) ?? []));
            var file = parse.GetValue(createFile);

            // Stored first: a key whose entry was refused (a duplicate id) must not be shown as if it worked.
            if (file is not null)
            {
                KeyFile.Add(file, entry, parse.GetValue(replace));
            }

            output.WriteLine(key);
            messages.WriteLine(file is null
                ? "Add this entry to the server's key file (Security:ApiKeysFile) under \"keys\":"
                : $"Added to {file}; a server reading it accepts the key from its next call:");
            messages.WriteLine(entry.ToJson().ToJsonString(EntryFormat));
            messages.WriteLine("The key is shown only this once; the server keeps only its hash. Callers send it as --api-key or ACTORREC_API_KEY.");
            return 0;
        });

        var revokeId = new Option<string>("--id") { Description = "The id of the key to revoke.", Required = true };
        var revokeFile = new Option<string>("--file") { Description = "The key file (the server's Security:ApiKeysFile).", Required = true };
        var revoke = new Command(
            "revoke",
            "Remove a key from a key file; a running server refuses it from its next call.")
        {
            revokeId, revokeFile,
        };
        revoke.WithExamples("actorrec keys revoke --id shop --file keys.json");
        revoke.SetAction(parse =>
        {
            var file = parse.GetValue(revokeFile)!;
            KeyFile.Remove(file, parse.GetValue(revokeId)!);
            messages.WriteLine($"Revoked '{parse.GetValue(revokeId)}' in {file}.");
            return 0;
        });

        return new Command("keys", "Make and revoke the API keys a server accepts (Security:ApiKeysFile).") { create, revoke }
            .WithExamples("actorrec keys create --id shop --scopes recommend,admin --file keys.json", "actorrec keys revoke --id shop --file keys.json");
    }
}
