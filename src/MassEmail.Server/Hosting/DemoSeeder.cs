using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Hosting;

/// <summary>
/// Dev runs only: makes sure a newcomer has an organisation and a working key, and prints it.
/// Registered after <see cref="StoreInitializerService"/>, so the schema exists when it runs.
/// </summary>
public sealed class DemoSeeder(
    IOptions<DemoOptions> options,
    IOrganisationStore organisations,
    Provisioning provisioning,
    DemoData demoData,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Seed)
        {
            return;
        }

        if (await organisations.AnyAsync(cancellationToken))
        {
            var saved = File.Exists(demo.KeyFile) ? (await File.ReadAllTextAsync(demo.KeyFile, cancellationToken)).Trim() : null;
            Announce(saved, "existing");
            return;
        }

        var created = await provisioning.CreateOrganisationAsync(
            new NewOrganisation(
                "Demo Recruiting",
                Edition.Professional,
                "hello@demo-recruiting.example",
                new PostalAddress("1 Example Street", "Berlin", "", "10115", "DE"),
                null,
                "admin@demo-recruiting.example",
                "Dana",
                "Admin"),
            cancellationToken);
        await demoData.AddAsync(created, cancellationToken);
        await File.WriteAllTextAsync(demo.KeyFile, created.AdminKey.Secret + Environment.NewLine, cancellationToken);
        Announce(created.AdminKey.Secret, "new");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce(string? key, string kind)
    {
        if (key is null)
        {
            logger.LogWarning("The store already has organisations and no demo key file was found; create a key with 'admin create-key'.");
            return;
        }

        // Printed plainly on stdout so that scripts and people can pick it up.
        Console.WriteLine($"DEMO_API_KEY={key}");
        logger.LogInformation("Demo organisation ready ({Kind}); use 'authorization: Bearer <DEMO_API_KEY>'.", kind);
    }
}
