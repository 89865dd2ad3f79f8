using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRec.Models.Checkpoints;
using ActorRec.Models.Gru4Rec;

namespace ActorRec.Cli;

/// <summary>
/// Builds <see cref="Gru4RecOptions"/> from a preset, a parameter file or string, and single flags, in that order of
/// precedence (later wins). Parameter names are the official implementation's (loss, layers, batch_size, ...):
/// a JSON file with those keys, or the official command line's "name=value,name=value" form with layers as "100/100".
/// </summary>
internal static class Gru4RecParameters
{
    public static IReadOnlyDictionary<string, Gru4RecOptions> Presets { get; } = new Dictionary<string, Gru4RecOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["rsc15-xe"] = Gru4RecOptions.Rsc15CrossEntropy,
        ["diginetica-bprmax"] = Gru4RecOptions.DigineticaBprMax,
        ["sqn"] = Gru4RecOptions.QLearningGru,
        ["default"] = new Gru4RecOptions(),
    };

    public static Gru4RecOptions Build(string? preset, string? parameters, IEnumerable<KeyValuePair<string, string>> flags)
    {
        var baseOptions = preset is null ? new Gru4RecOptions()
            : Presets.TryGetValue(preset, out var found) ? found
            : throw new ArgumentException($"--preset: unknown preset '{preset}' (known: {string.Join(", ", Presets.Keys)}).");
        var node = JsonSerializer.SerializeToNode(baseOptions, Checkpoint.JsonOptions)!.AsObject();
        if (parameters is not null)
        {
            foreach (var (name, value) in ReadParameters(parameters))
            {
                Set(node, name, value);
            }
        }

        foreach (var (name, value) in flags)
        {
            Set(node, name, JsonValue.Create(value));
        }

        Gru4RecOptions options;
        try
        {
            options = node.Deserialize<Gru4RecOptions>(Checkpoint.JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Invalid GRU4Rec parameter: {e.Path?.TrimStart('$', '.')}: {e.Message}", e);
        }

        options.Validate();
        return options;
    }

    private static IEnumerable<(string Name, JsonNode? Value)> ReadParameters(string parameters)
    {
        if (File.Exists(parameters))
        {
            var json = JsonNode.Parse(File.ReadAllText(parameters)) as JsonObject
                ?? throw new ArgumentException($"--params: {parameters} is not a JSON object.");
            return [.. json.Select(p => (p.Key, p.Value?.DeepClone()))];
        }

        return parameters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            return parts.Length == 2
                ? (parts[0], (JsonNode?)JsonValue.Create(parts[1]))
                : throw new ArgumentException($"--params: '{pair}' is not name=value (or {parameters} is not a file).");
        }).ToList();
    }

    /// <summary>Sets one official-named parameter, converting text to the property's JSON type.</summary>
    private static void Set(JsonObject node, string name, JsonNode? value)
    {
        if (!node.ContainsKey(name))
        {
            throw new ArgumentException($"Unknown GRU4Rec parameter '{name}' (known: {string.Join(", ", node.Select(p => p.Key))}).");
        }

        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            value = node[name] switch
            {
                JsonArray => new JsonArray([.. text.Split('/', ',').Select(l => (JsonNode?)JsonValue.Create(ParseInt(name, l)))]),
                JsonValue current when current.GetValueKind() is JsonValueKind.True or JsonValueKind.False => JsonValue.Create(ParseBool(name, text)),
                JsonValue current when current.GetValueKind() == JsonValueKind.Number => JsonValue.Create(ParseNumber(name, text)),
                _ => value,
            };
        }

        node[name] = value;
    }

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : throw new ArgumentException($"{name}: '{text}' is not an integer.");

    private static double ParseNumber(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new ArgumentException($"{name}: '{text}' is not a number.");

    private static bool ParseBool(string name, string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new ArgumentException($"{name}: '{text}' is not a boolean (True/False/1/0)."),
    };
}
