using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ActorRec.Server.Tests.Security;

/// <summary>A client handler that accepts only servers whose certificate chains to one private authority and names the host.</summary>
internal static class TrustingHandler
{
    public static SocketsHttpHandler For(string authorityPem)
    {
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(authorityPem));
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    // The host name must match; the chain is checked below against the private authority only.
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }
}
