using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorRec.Server.Tests.Observability;

/// <summary>The metric names a Grafana dashboard's PromQL queries use.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan" };

    /// <summary>The metric names in every "expr" of <paramref name="dashboard"/>, and those its variables read with label_values.</summary>
    public static HashSet<string> MetricNames(JsonElement dashboard)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Walk(dashboard, names);
        return names;
    }

    /// <summary>The metric names in one query: identifiers that are neither functions, keywords, label names nor label values.</summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var bare = StringLiteral().Replace(expression, "\"\"");
        bare = LabelMatchers().Replace(bare, " ");
        bare = RangeOrSubquery().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        foreach (Match token in Identifier().Matches(bare))
        {
            var name = token.Groups["name"].Value;
            if (!token.Groups["call"].Success && !Keywords.Contains(name.ToLowerInvariant()))
            {
                yield return name;
            }
        }
    }

    private static void Walk(JsonElement element, HashSet<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        names.UnionWith(MetricNames(property.Value.GetString()!));
                    }
                    else
                    {
                        Walk(property.Value, names);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, names);
                }

                break;
            case JsonValueKind.String:
                foreach (Match variable in LabelValues().Matches(element.GetString()!))
                {
                    names.Add(variable.Groups["metric"].Value);
                }

                break;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*(?<call>\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*(?<metric>[A-Za-z_:][A-Za-z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}
