using System.Net;
using ActorRec.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;
using Xunit;

namespace ActorRec.Server.Tests.Cluster;

/// <summary>
/// Cluster:Kubernetes configures the silo from its pod: the pod's IP, not Cluster:AdvertisedAddress, is what the other
/// silos and the gateways are told, and the silo is named after the pod so that a deleted pod can be matched to its
/// silo. The host is built, not started: starting needs a Kubernetes API server.
/// </summary>
/// <remarks>
/// The pod's variables are process-wide; only silos built with Cluster:Kubernetes read them, and the tests of one
/// class run one at a time.
/// </remarks>
public sealed class KubernetesHostingTests
{
    [Fact]
    public void A_Kubernetes_silo_advertises_its_pod_IP_listens_on_every_interface_and_is_named_after_its_pod()
    {
        using var pod = new PodEnvironment(("POD_NAME", "actorrec-7d9f-abcde"), ("POD_NAMESPACE", "recs"), ("POD_IP", "10.1.2.3"));
        using var app = BuildSilo(
            ("Cluster:Kubernetes", "true"), ("Cluster:AdvertisedAddress", "127.0.0.1"), ("Cluster:SiloPort", "11112"), ("Cluster:GatewayPort", "30001"), ("Cluster:ClientGateway", "true"));

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 30001), endpoints.GatewayListeningEndpoint);
        Assert.Equal("actorrec-7d9f-abcde", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
        var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("prod", "recs-svc"), (cluster.ClusterId, cluster.ServiceId));
    }

    [Fact]
    public void A_Kubernetes_silo_without_the_client_gateway_enabled_listens_on_no_gateway_port()
    {
        using var pod = new PodEnvironment(("POD_NAME", "actorrec-7d9f-abcde"), ("POD_NAMESPACE", "recs"), ("POD_IP", "10.1.2.3"));
        using var app = BuildSilo(("Cluster:Kubernetes", "true"), ("Cluster:SiloPort", "11112"), ("Cluster:GatewayPort", "30001"));

        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
    }

    [Fact]
    public void Without_Kubernetes_the_silo_advertises_the_configured_address()
    {
        using var pod = new PodEnvironment(("POD_NAME", "actorrec-7d9f-abcde"), ("POD_NAMESPACE", "recs"), ("POD_IP", "10.1.2.3"));
        using var app = BuildSilo(("Cluster:AdvertisedAddress", "127.0.0.5"));

        Assert.Equal(IPAddress.Parse("127.0.0.5"), app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.AdvertisedIPAddress);
    }

    [Fact]
    public void A_pod_cluster_id_that_differs_from_the_configured_one_stops_the_silo_before_it_forms_a_cluster_no_gateway_can_join()
    {
        using var pod = new PodEnvironment(("POD_NAME", "actorrec-7d9f-abcde"), ("POD_NAMESPACE", "recs"), (KubernetesHostingOptions.ClusterIdEnvironmentVariable, "staging"));

        var error = Assert.Throws<InvalidOperationException>(() => BuildSilo(("Cluster:Kubernetes", "true")));
        Assert.Contains("Cluster:ClusterId 'prod'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_without_Redis_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BuildSilo(("Cluster:Kubernetes", "true"), ("Cluster:Redis", "")));
        Assert.Contains("Cluster:Redis", error.Message, StringComparison.Ordinal);
    }

    private static WebApplication BuildSilo(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing connects to it: the host is only built.
            ["Cluster:Redis"] = "127.0.0.1:1",
            ["Cluster:ClusterId"] = "prod",
            ["Cluster:ServiceId"] = "recs-svc",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddActorRecSilo();
        return builder.Build();
    }

    /// <summary>Sets a pod's environment variables for one test and restores the previous values.</summary>
    private sealed class PodEnvironment : IDisposable
    {
        private readonly (string Name, string? Value)[] _previous;

        public PodEnvironment(params (string Name, string Value)[] variables)
        {
            _previous = [.. variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name)))];
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
