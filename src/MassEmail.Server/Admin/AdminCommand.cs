using MassEmail.Core.Errors;
using MassEmail.Core.OptOut;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Admin;

/// <summary>
/// The operator's commands of the server binary (<c>MassEmail.Server admin ...</c>). They work on
/// the configured store directly, so they run where the service's configuration is.
/// </summary>
public static class AdminCommand
{
    private const string Usage = """
        usage:
          admin create-org --name NAME --email ORG_EMAIL --admin-email EMAIL
                           [--edition FREE|STANDARD|PROFESSIONAL|ENTERPRISE] [--bulk-daily-limit N]
                           [--admin-first-name F] [--admin-last-name L]
                           [--street S] [--city C] [--region R] [--postal-code P] [--country CC]
          admin create-key --org ORG_ID --user USER_ID --name LABEL [--permissions all|p1,p2,...]
          admin set-user-active --org ORG_ID --user USER_ID --active true|false
                           (no last-admin check: the way back into a locked-out organisation)
          admin rotate-unsubscribe-key
                           (a new key signs unsubscribe links; links signed before keep working)
          admin retire-unsubscribe-key --key KEY_ID
                           (links that key signed stop working; the signing key cannot be retired)
        options: --json  print the result (or the error) as one JSON object instead of name=value lines
        permissions: templates-read templates-write recipients-read recipients-write
                     mass-email-candidates mass-email-contacts schedules-write plugins-admin org-admin
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var print = new AdminOutput(output, args.Contains(AdminOutput.JsonFlag));
        try
        {
            var options = AdminArguments.Parse(args.Skip(1).Where(a => a != AdminOutput.JsonFlag));
            foreach (var initializer in services.GetServices<IStoreInitializer>())
            {
                await initializer.InitializeAsync(CancellationToken.None);
            }

            var provisioning = services.GetRequiredService<Provisioning>();
            switch (args.FirstOrDefault())
            {
                case "create-org":
                    var created = await provisioning.CreateOrganisationAsync(AdminArguments.ToNewOrganisation(options), CancellationToken.None);
                    print.Result(("organisation_id", created.Organisation.Id), ("admin_user_id", created.Admin.Id), ("api_key", created.AdminKey.Secret));
                    return 0;
                case "create-key":
                    var key = await provisioning.CreateApiKeyAsync(
                        options.GetValueOrDefault("org", ""),
                        options.GetValueOrDefault("user", ""),
                        options.GetValueOrDefault("name", ""),
                        AdminArguments.ParsePermissions(options.GetValueOrDefault("permissions", "all")),
                        CancellationToken.None);
                    print.Result(("api_key", key.Secret));
                    return 0;
                case "set-user-active":
                    var user = await provisioning.SetUserActiveAsync(
                        options.GetValueOrDefault("org", ""),
                        options.GetValueOrDefault("user", ""),
                        AdminArguments.ParseBool(options.GetValueOrDefault("active", ""), "--active"),
                        CancellationToken.None);
                    print.Result(("user_id", user.Id), ("active", user.Active ? "true" : "false"));
                    return 0;
                case "rotate-unsubscribe-key":
                    var rotated = await services.GetRequiredService<UnsubscribeKeys>().RotateAsync(CancellationToken.None);
                    print.Result(("signing_key_id", rotated.Current.Id), ("verifying_key_ids", VerifyingKeys(rotated)));
                    return 0;
                case "retire-unsubscribe-key":
                    var retired = await services.GetRequiredService<UnsubscribeKeys>().RetireAsync(options.GetValueOrDefault("key", ""), CancellationToken.None);
                    print.Result(("signing_key_id", retired.Current.Id), ("verifying_key_ids", VerifyingKeys(retired)));
                    return 0;
                default:
                    print.Error(args.Length == 0 ? "no command given" : $"unknown command '{args[0]}'", Usage);
                    return 2;
            }
        }
        catch (DomainException e)
        {
            print.Error(e.Message);
            return 1;
        }
        catch (ArgumentException e)
        {
            print.Error(e.Message, Usage);
            return 2;
        }
    }

    private static string VerifyingKeys(SigningKeyRing ring) => string.Join(',', ring.Keys.Where(k => k.RetiredAt is null).Select(k => k.Id));
}
