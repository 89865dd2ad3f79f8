using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorRec.Cli.Keys;

/// <summary>
/// Edits the server's key file (<c>{ "keys": [ ... ] }</c>, Security:ApiKeysFile). Entries other than the one edited, and
/// fields the CLI does not know, are written back as they were. The file is replaced by a rename, so the server, which
/// reads it again whenever it changes, never sees half a file; it is readable by its owner only, as it says who may call.
/// </summary>
internal static class KeyFile
{
    private static readonly JsonDocumentOptions ReadFormat = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions WriteFormat = new() { WriteIndented = true };

    /// <summary>Adds <paramref name="entry"/>, creating the file; an entry with the same id is refused unless <paramref name="replace"/>.</summary>
    public static void Add(string path, StoredKey entry, bool replace)
    {
        var (root, keys) = Read(path, mustExist: false);
        var existing = IndexOf(keys, entry.Id);
        if (existing >= 0 && !replace)
        {
            throw new ArgumentException($"{path} already has a key with id '{entry.Id}': pass --replace to replace it (its old key stops working), or choose another --id.");
        }

        if (existing >= 0)
        {
            keys[existing] = entry.ToJson();
        }
        else
        {
            keys.Add(entry.ToJson());
        }

        Write(path, root);
    }

    /// <summary>Removes the entry with <paramref name="id"/>; throws when there is none.</summary>
    public static void Remove(string path, string id)
    {
        var (root, keys) = Read(path, mustExist: true);
        var existing = IndexOf(keys, id);
        if (existing < 0)
        {
            var ids = keys.Select(IdOf).OfType<string>().ToList();
            throw new ArgumentException($"{path} has no key with id '{id}': its ids are {(ids.Count == 0 ? "none" : string.Join(", ", ids))}.");
        }

        keys.RemoveAt(existing);
        Write(path, root);
    }

    private static (JsonObject Root, JsonArray Keys) Read(string path, bool mustExist)
    {
        if (!File.Exists(path))
        {
            if (mustExist)
            {
                throw new FileNotFoundException($"The key file {path} does not exist: give the server's Security:ApiKeysFile, or make one with `actorrec keys create --id <id> --scopes recommend --file {path}`.", path);
            }

            var keys = new JsonArray();
            return (new JsonObject { ["keys"] = keys }, keys);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: ReadFormat);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a key file: {e.Message}", e);
        }

        if (node is not JsonObject root)
        {
            throw new InvalidDataException($"{path} is not a key file: it must hold an object {{ \"keys\": [ ... ] }}.");
        }

        // The server reads property names in any case.
        var name = root.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, "keys", StringComparison.OrdinalIgnoreCase)) ?? "keys";
        switch (root[name])
        {
            case JsonArray existing:
                return (root, existing);
            case null:
                var keys = new JsonArray();
                root[name] = keys;
                return (root, keys);
            default:
                throw new InvalidDataException($"{path} is not a key file: \"{name}\" must be an array.");
        }
    }

    private static int IndexOf(JsonArray keys, string id)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (IdOf(keys[i]) == id)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? IdOf(JsonNode? entry) =>
        entry is JsonObject fields && fields.FirstOrDefault(p => string.Equals(p.Key, "id", StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
            && value.TryGetValue<string>(out var id) ? id : null;

    private static void Write(string path, JsonObject root)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);

        // Beside the target, so that the rename stays on one file system and is atomic.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(WriteFormat) + "\n"));

                // On disk before the rename: after a crash the file is the old one or the new one, never empty.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
