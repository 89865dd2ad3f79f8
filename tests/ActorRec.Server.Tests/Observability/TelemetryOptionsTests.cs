using System.ComponentModel.DataAnnotations;
using ActorRec.Api.Telemetry;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace ActorRec.Server.Tests.Observability;

/// <summary>Telemetry settings: off by default, and a bad one is refused naming the setting.</summary>
public sealed class TelemetryOptionsTests
{
    [Fact]
    public void By_default_nothing_but_metrics_is_on()
    {
        var options = new TelemetryOptions();

        Assert.False(options.TracesOn(new ConfigurationBuilder().Build()));
        Assert.False(options.Dashboard);
        Assert.False(options.JsonLogs);
        Assert.Empty(Problems(options));
    }

    [Fact]
    public void An_otlp_endpoint_in_the_settings_or_the_standard_variable_turns_traces_on()
    {
        var standard = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OtlpSettings.EndpointVariable] = "http://collector:4317" }).Build();

        Assert.True(new TelemetryOptions().TracesOn(standard));
        Assert.True(new TelemetryOptions { Otlp = { Endpoint = new Uri("http://collector:4317") } }.TracesOn(new ConfigurationBuilder().Build()));
    }

    [Theory]
    [InlineData("localhost:4317", "http", "Telemetry:Otlp:Endpoint")]
    [InlineData("http://collector:4317", "thrift", "Telemetry:Otlp:Protocol")]
    public void A_bad_otlp_setting_is_refused_naming_it(string endpoint, string protocol, string setting)
    {
        var options = new TelemetryOptions { Otlp = { Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute), Protocol = protocol } };

        Assert.Contains(Problems(options), problem => problem.StartsWith(setting, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dash board")]
    public void A_dashboard_path_that_is_not_an_absolute_path_is_refused(string path) =>
        Assert.Contains(Problems(new TelemetryOptions { DashboardPath = path }), problem => problem.StartsWith("Telemetry:DashboardPath", StringComparison.Ordinal));

    private static List<string> Problems(TelemetryOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }
}
