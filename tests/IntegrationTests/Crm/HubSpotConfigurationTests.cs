using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Crm.HubSpot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The HubSpot destination's settings: HubSpot's published defaults, errors naming the key, and the token never shown.</summary>
public sealed class HubSpotConfigurationTests
{
    private const string Token = "pat-na1-11111111-2222-3333-4444-555555555555";

    private static DestinationCatalog Catalog(string? key = null, string? value = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Destinations:hubspot:Type"] = "HubSpot",
            ["Destinations:hubspot:Token"] = Token,
            ["Destinations:hubspot:UpsertKey"] = "email",
            ["Destinations:hubspot:Fields:email:From"] = "E-mail Address",
        };
        if (key is not null)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DestinationCatalog(configuration, [new HubSpotDestinationType(httpClients, TimeProvider.System)]);
    }

    [Fact]
    public void Settings_show_HubSpots_address_and_rate_limit_but_never_the_token()
    {
        var hubspot = Catalog().Find("hubspot");

        Assert.NotNull(hubspot);
        Assert.Equal(("HubSpot", 4, 100), (hubspot.Type, hubspot.MaxConcurrency, hubspot.Adapter.MaxBatchSize));
        Assert.IsType<HubSpotDestination>(hubspot.Adapter);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["BaseUrl"] = "https://api.hubapi.com/",
            ["RateLimit:Requests"] = "100",
            ["RateLimit:WindowSeconds"] = "10",
            ["RateLimit:MaxConcurrent"] = "4",
        }, hubspot.Settings);
    }

    [Theory]
    [InlineData("Destinations:hubspot:Token", null)]
    [InlineData("Destinations:hubspot:BaseUrl", "api.hubapi.com")]
    [InlineData("Destinations:hubspot:RateLimit:Requests", "0")]
    [InlineData("Destinations:hubspot:RateLimit:WindowSeconds", "ten")]
    [InlineData("Destinations:hubspot:RateLimit:MaxConcurrent", "0")]
    public void Missing_or_bad_setting_stops_the_start_naming_its_key(string key, string? value)
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Catalog(key, value)).Errors);

        Assert.StartsWith(key, error);
        Assert.DoesNotContain(Token, error);
    }
}
