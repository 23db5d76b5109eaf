using System.Net;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Hosting;

/// <summary>The service refuses to start on a bad configuration, naming the key to fix.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actonsync-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> ValidEnvironment() => new()
    {
        ["ConnectionStrings__ActOnSync"] = $"Data Source={Path.Combine(_folder, "a.db")}",
        ["Webhooks__SigningSecrets__0"] = ActOnSyncHost.Secret,
        ["Admin__ApiKey"] = ActOnSyncHost.AdminKey,
    };

    [Theory]
    [InlineData("Webhooks__SigningSecrets__0", "", "Webhooks:SigningSecrets is empty")]
    [InlineData("Webhooks__SigningSecrets__0", "whsec_not*base64", "Webhooks:SigningSecrets:0")]
    [InlineData("Admin__ApiKey", "short", "Admin:ApiKey")]
    [InlineData("Database__Provider", "Oracle", "Database:Provider")]
    [InlineData("ConnectionStrings__ActOnSync", "", "ConnectionStrings:ActOnSync")]
    [InlineData("Webhooks__MaxBodyBytes", "10", "Webhooks:MaxBodyBytes")]
    public async Task Bad_configuration_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var environment = ValidEnvironment();
        environment[key] = value;
        using var service = new ServiceProcess(environment);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, service.Output);
    }

    [Fact]
    public async Task Unsigned_mode_starts_with_a_warning_and_accepts_unsigned_deliveries()
    {
        var environment = ValidEnvironment();
        environment["Webhooks__SigningSecrets__0"] = "";
        environment["Webhooks__AllowUnsigned"] = "true";
        using var service = new ServiceProcess(environment);
        var address = await service.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));

        using var client = new HttpClient { BaseAddress = address };
        var response = await client.SendAsync(Deliveries.Unsigned(Deliveries.Body()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("AllowUnsigned", service.Output);
    }
}
