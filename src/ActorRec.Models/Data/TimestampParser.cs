using System.Globalization;

namespace ActorRec.Models.Data;

/// <summary>Parses time fields into seconds since the Unix epoch, culture-invariantly.</summary>
internal static class TimestampParser
{
    private const double MillisecondsPerSecond = 1000.0;
    private const double MillisecondsThreshold = 1e11;

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

    /// <summary>
    /// The format a first time value is written in: a number is milliseconds from 1e11 up (1e11 s is the year 5138,
    /// 1e11 ms is 1973), else seconds; text that parses as a date-time is ISO 8601. Null when it is neither.
    /// </summary>
    public static TimestampFormat? Detect(ReadOnlySpan<char> text) =>
        TryParseNumber(text, out var number) ? FromMagnitude(number)
        : TryParse(text, TimestampFormat.IsoDateTime, out _) ? TimestampFormat.IsoDateTime
        : null;

    /// <summary>Milliseconds from 1e11 up, else seconds (see <see cref="Detect"/>).</summary>
    public static TimestampFormat FromMagnitude(double number) =>
        Math.Abs(number) >= MillisecondsThreshold ? TimestampFormat.UnixMilliseconds : TimestampFormat.UnixSeconds;

    /// <summary>Seconds since the Unix epoch from a number written in <paramref name="format"/> (a numeric format).</summary>
    public static double FromNumber(double number, TimestampFormat format) =>
        format == TimestampFormat.UnixMilliseconds ? number / MillisecondsPerSecond : number;

    /// <summary>Seconds since the Unix epoch, keeping the sub-millisecond part that ToUnixTimeMilliseconds drops.</summary>
    public static double ToUnixSeconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    private static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
