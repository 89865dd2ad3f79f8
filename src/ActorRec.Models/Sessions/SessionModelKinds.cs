using System.Collections.Concurrent;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;

namespace ActorRec.Models.Sessions;

/// <summary>
/// The model kinds this process can load, by manifest name. The built-in kinds are registered here, one line each;
/// another kind (a plug-in or a test's) registers itself before its first checkpoint is loaded.
/// </summary>
/// <remarks>
/// Process-wide rather than a DI service because checkpoints are loaded from static code paths too (the CLI, the
/// training thread), and a kind is a property of the build, not of one host.
/// </remarks>
public static class SessionModelKinds
{
    private static readonly ConcurrentDictionary<string, ISessionModelKind> Registered = new(StringComparer.Ordinal);

    static SessionModelKinds()
    {
        Register(new Gru4RecModelKind());
        Register(new QLearningModelKind(QLearningOptions.SqnKind));
        Register(new QLearningModelKind(QLearningOptions.SmorlKind));
    }

    /// <summary>Names of every registered kind, sorted.</summary>
    public static IReadOnlyList<string> Names => [.. Registered.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Registers <paramref name="kind"/>. Registering the same implementation type under its name again is a no-op, so
    /// that test fixtures may register on every start; another type under a taken name is a mistake.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another implementation already holds the name.</exception>
    public static void Register(ISessionModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind.Name);
        var held = Registered.GetOrAdd(kind.Name, kind);
        if (held.GetType() != kind.GetType())
        {
            throw new InvalidOperationException($"Model kind '{kind.Name}' is already registered by {held.GetType().FullName}.");
        }
    }

    /// <summary>The kind registered under <paramref name="name"/>, or null.</summary>
    public static ISessionModelKind? Find(string name) => Registered.GetValueOrDefault(name);
}
