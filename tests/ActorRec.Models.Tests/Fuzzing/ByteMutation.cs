using System.Text;

namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>
/// One damage done to a file's bytes. Positions are drawn as raw numbers and taken modulo the file's length when
/// applied, so one generator serves files of every size and a shrunk counter-example stays valid.
/// </summary>
internal sealed record ByteMutation(ByteMutationKind Kind, int Position, int Value)
{
    /// <summary>Lines a corrupt or hostile file may hold; each is a different way for a parser to go wrong.</summary>
    private static readonly string[] GarbageLines =
    [
        "\0\0\0\0",
        "\"",
        "\t\t\t\t\t\t\t\t",
        ",,,,;;;;",
        "{",
        "{\"session\":",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "{\"session\":1,\"events\":[{\"aid\":1e400,\"ts\":-1e400,\"type\":7}]}",
        "{\"session\":\"\\ud800\",\"events\":[{\"aid\":1,\"ts\":1,\"type\":\"\\udfff\"}]}",
        "99999999999999999999999999999999\t-99999999999999999999\t1e400",
        "1\t2\tNaN",
        "1\t2\t-Infinity",
        "\"a\"\"b\"\t\"c\t3",
        "\uFEFFSessionId\tItemId\tTime",
    ];

    /// <summary>Numbers that overflow every integer type and most parsers.</summary>
    private static readonly string[] HugeNumbers =
        ["99999999999999999999999999999", "-9223372036854775809", "1e400", "-1e-400", "18446744073709551616", "2147483648", "NaN", "-0"];

    public byte[] Apply(byte[] file)
    {
        var at = file.Length == 0 ? 0 : (int)((uint)Position % (uint)(file.Length + 1));
        var bytes = file.ToList();
        switch (Kind)
        {
            case ByteMutationKind.Truncate:
                return file[..at];
            case ByteMutationKind.Empty:
                return [];
            case ByteMutationKind.FlipByte when file.Length > 0:
                bytes[at % file.Length] ^= (byte)(Value == 0 ? 0xff : Value);
                break;
            case ByteMutationKind.SetByte when file.Length > 0:
                bytes[at % file.Length] = (byte)Value;
                break;
            case ByteMutationKind.InsertGarbageLine:
                bytes.InsertRange(LineStart(file, at), Encoding.UTF8.GetBytes(GarbageLines[(uint)Value % GarbageLines.Length] + "\n"));
                break;
            case ByteMutationKind.HugeNumber:
                ReplaceDigits(bytes, at, HugeNumbers[(uint)Value % HugeNumbers.Length]);
                break;
            case ByteMutationKind.InvalidUtf8:
                bytes.InsertRange(at, ((uint)Value % 3) switch { 0 => new byte[] { 0xff, 0xfe }, 1 => [0xc3, 0x28], _ => [0xed, 0xa0, 0x80] });
                break;
            case ByteMutationKind.DuplicateRange:
                var length = Math.Min((uint)Value % 512, file.Length - at);
                bytes.InsertRange(at, file.AsSpan(at, (int)length).ToArray());
                break;
            case ByteMutationKind.DeleteRange:
                bytes.RemoveRange(at, (int)Math.Min((uint)Value % 64, file.Length - at));
                break;
            default:
                break;
        }

        return [.. bytes];
    }

    private static int LineStart(byte[] file, int at)
    {
        var start = Math.Min(at, file.Length);
        while (start > 0 && file[start - 1] != (byte)'\n')
        {
            start--;
        }

        return start;
    }

    /// <summary>Replaces the run of digits at or after <paramref name="at"/> (or appends when there is none).</summary>
    private static void ReplaceDigits(List<byte> bytes, int at, string number)
    {
        var start = at;
        while (start < bytes.Count && !char.IsAsciiDigit((char)bytes[start]))
        {
            start++;
        }

        var end = start;
        while (end < bytes.Count && char.IsAsciiDigit((char)bytes[end]))
        {
            end++;
        }

        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(number));
    }
}
