using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using ActorRec.Cli.Commands;
using Xunit;

namespace ActorRec.Cli.Tests.Commands;

/// <summary>
/// Every command's --help ends with examples that are real command lines of that command, and the README's `actorrec`
/// lines are command lines this build accepts. The tree is walked, so a new command without examples fails here.
/// </summary>
public sealed class HelpExamplesTests
{
    public static TheoryData<string> CommandPaths()
    {
        var paths = new TheoryData<string>();
        foreach (var (path, _) in Walk(ActorRecRoot.Create(), []))
        {
            paths.Add(string.Join(' ', path));
        }

        return paths;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_ends_with_examples_of_the_command_that_parse_without_errors(string path)
    {
        var root = ActorRecRoot.Create();
        string[] tokens = [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];
        using var output = new StringWriter();

        var code = root.Parse(tokens).Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(0, code);
        var help = output.ToString().ReplaceLineEndings("\n");
        var section = help.IndexOf("\n" + HelpExamples.Heading + "\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"`actorrec {path} --help` has no '{HelpExamples.Heading}' section:\n{help}");
        var examples = help[(section + HelpExamples.Heading.Length + 2)..]
            .Split('\n')
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .ToList();
        var expectedStart = string.Join(' ', new[] { ActorRecRoot.Name, path }.Where(p => p.Length > 0));
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            Assert.StartsWith(expectedStart, example, StringComparison.Ordinal);
            var parsed = ParseExample(root, example);
            Assert.True(parsed.Errors.Count == 0, $"example '{example}' does not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            var command = ActorRecRoot.PathOf(parsed);
            Assert.True(command == expectedStart || command.StartsWith(expectedStart + " ", StringComparison.Ordinal), $"example '{example}' runs `{command}`");
        }
    }

    [Fact]
    public void The_readme_command_lines_parse_without_errors()
    {
        var root = ActorRecRoot.Create();
        var lines = ReadmeCommandLines().ToList();

        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var parsed = ParseExample(root, line);
            Assert.True(parsed.Errors.Count == 0, $"README.md: '{line}' does not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    private static IEnumerable<(List<string> Path, Command Command)> Walk(Command command, List<string> path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var inner in Walk(sub, [.. path, sub.Name]))
            {
                yield return inner;
            }
        }
    }

    private static ParseResult ParseExample(RootCommand root, string line)
    {
        var tokens = CommandLineParser.SplitCommandLine(line).ToList();
        Assert.Equal(ActorRecRoot.Name, tokens[0]);
        return root.Parse(tokens[1..]);
    }

    /// <summary>The `actorrec ...` commands of the README's shell blocks, without comments and `$(...)` wrappers.</summary>
    private static IEnumerable<string> ReadmeCommandLines([CallerFilePath] string sourceFile = "")
    {
        var readme = Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "README.md");
        var inShell = false;
        foreach (var raw in File.ReadLines(readme))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inShell && raw.Trim() == "```sh";
                continue;
            }

            var line = raw.Split(" #", 2)[0].Trim();
            var start = line.IndexOf(ActorRecRoot.Name + " ", StringComparison.Ordinal);
            if (!inShell || start < 0 || (start > 0 && line[start - 1] is not ('(' or ' ' or '=')) || line.Contains('<', StringComparison.Ordinal))
            {
                continue;
            }

            yield return line[start..].TrimEnd(')');
        }
    }
}
