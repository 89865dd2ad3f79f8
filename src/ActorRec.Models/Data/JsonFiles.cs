using System.Text.Json;

namespace ActorRec.Models.Data;

/// <summary>Reads JSON files that come from outside (manifests, vocabularies), failing as <c>file:line: what is wrong</c>.</summary>
internal static class JsonFiles
{
    /// <summary>Deserializes the whole of <paramref name="path"/>; null when the file holds the JSON literal null.</summary>
    /// <exception cref="DataFileException">The file is not valid JSON or a value has the wrong type.</exception>
    public static T? Read<T>(string path, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), options);
        }
        catch (JsonException e)
        {
            // LineNumber is 0-based and absent when the fault has no position (a missing required property).
            throw new DataFileException(path, e.LineNumber + 1, Describe(e), e);
        }
    }

    /// <summary>The exception's message without its trailing "Path: ... | LineNumber: ..." (the line goes in the file:line prefix).</summary>
    public static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = cut < 0 ? message : message[..cut];
        return string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? text : $"{text} (at {exception.Path})";
    }
}
