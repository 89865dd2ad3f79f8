using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Messages as text for failure reports. Protobuf's own ToString throws on a lone surrogate, which the fuzzer sends on
/// purpose, so strings are written with every character outside printable ASCII escaped.
/// </summary>
internal static class Described
{
    public static string Message(IMessage message)
    {
        var text = new StringBuilder(message.Descriptor.Name).Append(" {");
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            text.Append(' ').Append(field.Name).Append('=').Append(value switch
            {
                string s => Escaped(s),
                IMessage nested => Message(nested),
                null => "null",
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            });
        }

        return text.Append(" }").ToString();
    }

    private static string Escaped(string value)
    {
        var text = new StringBuilder("\"", value.Length + 2);
        foreach (var c in value.Length > 80 ? value[..80] : value)
        {
            text.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return text.Append(value.Length > 80 ? $"...\" ({value.Length} chars)" : "\"").ToString();
    }
}
