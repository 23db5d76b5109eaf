using ActOnSync.Application.Common;
using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Crm.Webhook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>The Webhook destination's settings: errors name the key, and the secret is never shown.</summary>
public sealed class WebhookConfigurationTests
{
    private static DestinationCatalog Catalog(string? key = null, string? value = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Destinations:hook:Type"] = "Webhook",
            ["Destinations:hook:Url"] = "https://crm.example.com/hooks/acton",
            ["Destinations:hook:Secret"] = WebhookSyncTest.HookSecret,
            ["Destinations:hook:UpsertKey"] = "email",
            ["Destinations:hook:Fields:email:From"] = "E-mail Address",
        };
        if (key is not null)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DestinationCatalog(configuration, [new WebhookDestinationType(httpClients, TimeProvider.System)]);
    }

    [Fact]
    public void Settings_show_the_url_and_timeout_but_never_the_secret()
    {
        var hook = Catalog().Find("hook");

        Assert.NotNull(hook);
        Assert.Equal(("Webhook", 4), (hook.Type, hook.MaxConcurrency));
        Assert.IsType<WebhookDestination>(hook.Adapter);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Url"] = "https://crm.example.com/hooks/acton",
            ["TimeoutSeconds"] = "30",
        }, hook.Settings);
    }

    [Theory]
    [InlineData("Destinations:hook:Url", null)]
    [InlineData("Destinations:hook:Url", "crm.example.com/hooks")]
    [InlineData("Destinations:hook:Url", "ftp://crm.example.com/hooks")]
    [InlineData("Destinations:hook:Secret", null)]
    [InlineData("Destinations:hook:Secret", "whsec_not base64!")]
    [InlineData("Destinations:hook:Secret", "whsec_")]
    [InlineData("Destinations:hook:TimeoutSeconds", "0")]
    [InlineData("Destinations:hook:TimeoutSeconds", "thirty")]
    public void Missing_or_bad_setting_stops_the_start_naming_its_key(string key, string? value)
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Catalog(key, value)).Errors);

        Assert.StartsWith(key, error);
    }

    [Fact]
    public void Bad_secret_is_not_repeated_in_the_error()
    {
        var truncated = WebhookSyncTest.HookSecret[..^1];

        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Catalog("Destinations:hook:Secret", truncated)).Errors);

        Assert.DoesNotContain(truncated[SigningSecret.Prefix.Length..], error);
    }
}
