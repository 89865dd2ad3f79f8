namespace ActorRec.Api.Security;

/// <summary>What a principal may call: each API surface needs one scope.</summary>
public static class Scopes
{
    /// <summary>The Recommender service: send clicks, read and end the caller's own sessions.</summary>
    public const string Recommend = "recommend";

    /// <summary>The ModelAdmin service: list, activate and retrain model versions.</summary>
    public const string Admin = "admin";

    /// <summary>Prometheus metrics and dashboards.</summary>
    public const string Metrics = "metrics";

    public static IReadOnlyList<string> All { get; } = [Recommend, Admin, Metrics];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
