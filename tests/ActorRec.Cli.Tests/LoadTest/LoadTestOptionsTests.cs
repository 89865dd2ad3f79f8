using ActorRec.Cli.LoadTest;
using Xunit;

namespace ActorRec.Cli.Tests.LoadTest;

public sealed class LoadTestOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new LoadTestOptions().Validate();
        new LoadTestOptions { Mode = LoadMode.Open }.Validate();
    }

    [Theory]
    [InlineData("--url")]
    [InlineData("--streams")]
    [InlineData("--rate")]
    [InlineData("--duration")]
    [InlineData("--k")]
    public void Validate_BadValue_NamesTheOption(string option)
    {
        var options = option switch
        {
            "--url" => new LoadTestOptions { Url = "localhost:5000" },
            "--streams" => new LoadTestOptions { Streams = 0 },
            "--rate" => new LoadTestOptions { Mode = LoadMode.Open, Rate = 0 },
            "--duration" => new LoadTestOptions { DurationSeconds = 0 },
            _ => new LoadTestOptions { K = 1001 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeasurementWindow_From_LaysOutWarmupMeasurementAndDrain()
    {
        var options = new LoadTestOptions { WarmupSeconds = 2, DurationSeconds = 3, DrainSeconds = 0.5 };

        var window = MeasurementWindow.From(origin: 100, options, ticksPerSecond: 1000);

        Assert.Equal(new MeasurementWindow(100, 2_100, 5_100, 5_600), window);
        Assert.True(window.Contains(2_100));
        Assert.False(window.Contains(5_100));
        Assert.False(window.Contains(2_099));
    }
}
