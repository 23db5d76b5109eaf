using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Crm.Dynamics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The Dynamics destination's settings: defaults from Microsoft's, errors that name the key, and the secret never shown.</summary>
public sealed class DynamicsConfigurationTests
{
    private const string Secret = "s3cr3t~value.that.must.not.show";

    private static DestinationCatalog Catalog(params (string Key, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Destinations:crm:Type"] = "Dynamics",
            ["Destinations:crm:BaseUrl"] = "https://contoso.crm4.dynamics.com",
            ["Destinations:crm:TenantId"] = "8d2e7c41-5a0b-4f3e-9c6d-1b2a3c4d5e6f",
            ["Destinations:crm:ClientId"] = "3f9a6b2c-7d4e-4a1b-8c5f-0e1d2c3b4a59",
            ["Destinations:crm:ClientSecret"] = Secret,
            ["Destinations:crm:AlternateKey"] = "emailaddress1",
            ["Destinations:crm:UpsertKey"] = "emailaddress1",
            ["Destinations:crm:Fields:emailaddress1:From"] = "E-mail Address",
        };
        foreach (var (key, value) in changes)
            settings[$"Destinations:crm:{key}"] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DestinationCatalog(configuration, [new DynamicsDestinationType(httpClients, TimeProvider.System)]);
    }

    [Fact]
    public void Defaults_are_Microsofts_and_the_settings_never_show_the_secret()
    {
        var crm = Catalog().Find("crm");

        Assert.NotNull(crm);
        Assert.Equal(("Dynamics", 8), (crm.Type, crm.MaxConcurrency));
        Assert.Equal(1, Assert.IsType<DynamicsDestination>(crm.Adapter).MaxBatchSize);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["BaseUrl"] = "https://contoso.crm4.dynamics.com",
            ["TenantId"] = "8d2e7c41-5a0b-4f3e-9c6d-1b2a3c4d5e6f",
            ["ClientId"] = "3f9a6b2c-7d4e-4a1b-8c5f-0e1d2c3b4a59",
            ["TokenUrl"] = "https://login.microsoftonline.com/8d2e7c41-5a0b-4f3e-9c6d-1b2a3c4d5e6f/oauth2/v2.0/token",
            ["Scope"] = "https://contoso.crm4.dynamics.com/.default",
            ["EntitySet"] = "leads",
            ["EntityName"] = "lead",
            ["AlternateKey"] = "emailaddress1",
            ["RateLimit:Requests"] = "6000",
            ["RateLimit:WindowSeconds"] = "300",
            ["RateLimit:MaxConcurrent"] = "52",
        }, crm.Settings);
        Assert.DoesNotContain(crm.Settings.Values, v => v?.Contains(Secret) == true);
    }

    [Fact]
    public void A_token_url_of_another_authority_needs_no_tenant_id()
    {
        var crm = Catalog(("TenantId", null), ("TokenUrl", "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token"),
            ("EntitySet", "contacts"), ("EntityName", "contact"), ("Scope", "https://contoso.crm9.dynamics.com/user_impersonation"))
            .Find("crm")!;

        Assert.Equal("https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token", crm.Settings["TokenUrl"]);
        Assert.Equal(("contacts", "contact"), (crm.Settings["EntitySet"], crm.Settings["EntityName"]));
        Assert.Equal("https://contoso.crm9.dynamics.com/user_impersonation", crm.Settings["Scope"]);
    }

    [Theory]
    [InlineData("BaseUrl", null)]
    [InlineData("BaseUrl", "contoso.crm.dynamics.com")]
    [InlineData("BaseUrl", "https://contoso.crm.dynamics.com/api/data/v9.2")]
    [InlineData("ClientId", null)]
    [InlineData("ClientSecret", null)]
    [InlineData("TenantId", null)]
    [InlineData("TenantId", "contoso/../evil")]
    [InlineData("TokenUrl", "login.microsoftonline.com/token")]
    [InlineData("AlternateKey", null)]
    [InlineData("AlternateKey", "emailaddress1)")]
    [InlineData("AlternateKey", "new_actonrecid")]
    [InlineData("EntitySet", "contacts")]
    [InlineData("EntitySet", "leads?$top=1")]
    [InlineData("RateLimit:MaxConcurrent", "0")]
    public void A_missing_or_bad_setting_stops_the_start_naming_its_key(string setting, string? value)
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Catalog((setting, value))).Errors);

        var named = setting == "EntitySet" && value == "contacts" ? "EntityName" : setting;
        Assert.StartsWith($"Destinations:crm:{named}", error);
        Assert.DoesNotContain(Secret, error);
    }
}
