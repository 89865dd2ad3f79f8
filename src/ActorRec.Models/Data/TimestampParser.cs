using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>Parses time fields into seconds since the Unix epoch, culture-invariantly.</summary>
internal static class TimestampParser
{
    private const double MillisecondsPerSecond = 1000.0;

    public static bool TryParse(ReadOnlySpan<char> text, TimestampFormat format, out double seconds)
    {
        switch (format)
        {
            case TimestampFormat.UnixSeconds:
                return TryParseNumber(text, out seconds);
            case TimestampFormat.UnixMilliseconds:
                var parsed = TryParseNumber(text, out var milliseconds);
                seconds = milliseconds / MillisecondsPerSecond;
                return parsed;
            case TimestampFormat.IsoDateTime:
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value))
                {
                    seconds = ToUnixSeconds(value);
                    return true;
                }

                seconds = 0;
                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown timestamp format.");
        }
    }

    /// <summary>Seconds since the Unix epoch, keeping the sub-millisecond part that ToUnixTimeMilliseconds drops.</summary>
    public static double ToUnixSeconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    private static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
