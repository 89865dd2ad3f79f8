using System.CommandLine;
using System.Runtime.CompilerServices;

namespace ActorRec.Cli.Commands;

/// <summary>
/// Example command lines of each command, shown under "Examples:" at the end of its --help. System.CommandLine's help
/// has no examples section of its own; keeping them beside the command that defines the options keeps them in step.
/// </summary>
internal static class HelpExamples
{
    public const string Heading = "Examples:";

    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    /// <summary>Adds <paramref name="examples"/> (whole command lines starting with `actorrec`) to the command's help.</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, params string[] examples)
        where TCommand : Command
    {
        Examples.AddOrUpdate(command, [.. Of(command), .. examples]);
        return command;
    }

    public static IReadOnlyList<string> Of(Command command) => Examples.TryGetValue(command, out var examples) ? examples : [];

    /// <summary>The examples section as help prints it, or nothing when the command has none.</summary>
    public static void Write(Command command, TextWriter output)
    {
        var examples = Of(command);
        if (examples.Count == 0)
        {
            return;
        }

        output.WriteLine(Heading);
        foreach (var example in examples)
        {
            output.WriteLine($"  {example}");
        }

        output.WriteLine();
    }
}
