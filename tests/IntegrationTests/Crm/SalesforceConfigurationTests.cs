using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Crm.Salesforce;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The Salesforce destination's settings: defaults, errors that name the key, and the secret never shown.</summary>
public sealed class SalesforceConfigurationTests
{
    private const string Secret = "consumer-secret-never-shown-0815";

    private static DestinationCatalog Catalog(string? key = null, string? value = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Destinations:crm:Type"] = "Salesforce",
            ["Destinations:crm:ClientId"] = "3MVG9.consumer-key",
            ["Destinations:crm:ClientSecret"] = Secret,
            ["Destinations:crm:BaseUrl"] = "https://example.my.salesforce.com",
            ["Destinations:crm:ExternalIdField"] = "ActOn_RecId__c",
            ["Destinations:crm:UpsertKey"] = "ActOn_RecId__c",
            ["Destinations:crm:Fields:ActOn_RecId__c:From"] = "recId",
        };
        if (key is not null)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new DestinationCatalog(configuration, [new SalesforceDestinationType(httpClients, TimeProvider.System)]);
    }

    [Fact]
    public void Settings_show_the_defaults_and_never_the_credentials()
    {
        var crm = Catalog().Find("crm");

        Assert.NotNull(crm);
        Assert.Equal(("Salesforce", 2), (crm.Type, crm.MaxConcurrency));
        Assert.Equal(200, Assert.IsType<SalesforceDestination>(crm.Adapter).MaxBatchSize);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["BaseUrl"] = "https://example.my.salesforce.com/",
            ["TokenUrl"] = "https://example.my.salesforce.com/services/oauth2/token",
            ["ApiVersion"] = "v60.0",
            ["Object"] = "Lead",
            ["ExternalIdField"] = "ActOn_RecId__c",
            ["RateLimit:Requests"] = "100000",
            ["RateLimit:WindowSeconds"] = "86400",
            ["RateLimit:MaxConcurrent"] = "10",
            ["RequestLimitWaitSeconds"] = "300",
        }, crm.Settings);
    }

    [Theory]
    [InlineData("Destinations:crm:ClientId", null)]
    [InlineData("Destinations:crm:ClientSecret", null)]
    [InlineData("Destinations:crm:BaseUrl", null)]
    [InlineData("Destinations:crm:BaseUrl", "example.my.salesforce.com")]
    [InlineData("Destinations:crm:TokenUrl", "ftp://login.example.com/token")]
    [InlineData("Destinations:crm:ApiVersion", "v45.0")]
    [InlineData("Destinations:crm:ApiVersion", "60.0")]
    [InlineData("Destinations:crm:Object", "Account")]
    [InlineData("Destinations:crm:ExternalIdField", null)]
    [InlineData("Destinations:crm:ExternalIdField", "ActOn_RecId__c/../Id")]
    [InlineData("Destinations:crm:RateLimit:MaxConcurrent", "0")]
    [InlineData("Destinations:crm:RequestLimitWaitSeconds", "0")]
    public void Missing_or_bad_setting_stops_the_start_naming_its_key(string key, string? value)
    {
        var error = Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Catalog(key, value)).Errors);

        Assert.StartsWith(key, error);
        Assert.DoesNotContain(Secret, error);
    }

    [Theory]
    [InlineData("Object", "contact", "Contact")]
    [InlineData("ApiVersion", "v46.0", "v46.0")]
    [InlineData("TokenUrl", "https://login.example.com/services/oauth2/token", "https://login.example.com/services/oauth2/token")]
    public void Setting_is_taken_as_given(string setting, string value, string shown)
    {
        Assert.Equal(shown, Catalog($"Destinations:crm:{setting}", value).Find("crm")!.Settings[setting]);
    }
}
