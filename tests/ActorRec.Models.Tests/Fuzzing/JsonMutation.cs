using System.Text.Json.Nodes;

namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>
/// One change to the structure of a JSON document: a value removed or replaced by one of the wrong type, a huge
/// number, a huge array or a path-traversal name. <see cref="Target"/> picks the value modulo the document's count.
/// </summary>
internal sealed record JsonMutation(JsonMutationKind Kind, int Target, int Value)
{
    /// <summary>Replacements of the wrong type or of hostile content, raw JSON so that 1e400 survives as written.</summary>
    private static readonly string[] Replacements =
    [
        "null", "\"\"", "\"x\"", "-1", "0", "2147483648", "1e400", "-1e400", "9223372036854775808", "true", "[]", "{}",
        "[null]", "[\"a\",\"a\"]", "\"../weights.dat\"", "\"/etc/passwd\"", "\"..\\\\x\"", "\"a\\u0000b\"", "\"C:\\\\x\"",
        "[1000000000]", "[0]", "[-5]",
    ];

    public void Apply(JsonNode root)
    {
        var slots = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return;
        }

        var (parent, name, index) = slots[(int)((uint)Target % (uint)slots.Count)];
        var replacement = Kind switch
        {
            JsonMutationKind.Replace => JsonNode.Parse(Replacements[(uint)Value % Replacements.Length]),
            JsonMutationKind.HugeArray => new JsonArray([.. Enumerable.Range(0, 10_000 + (Value % 1000)).Select(i => (JsonNode?)JsonValue.Create(i))]),
            _ => null,
        };
        if (parent is JsonObject obj && name is not null)
        {
            if (Kind == JsonMutationKind.Remove)
            {
                obj.Remove(name);
            }
            else
            {
                obj[name] = replacement;
            }
        }
        else if (parent is JsonArray array)
        {
            if (Kind == JsonMutationKind.Remove)
            {
                array.RemoveAt(index);
            }
            else
            {
                array[index] = replacement;
            }
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Name, int Index)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    slots.Add((obj, name, -1));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    if (array[i] is { } value)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            default:
                break;
        }
    }
}
