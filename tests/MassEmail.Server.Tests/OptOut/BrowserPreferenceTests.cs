using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 acceptance, the second browser test: a recipient leaves the list from the link in a mail the SES emulator
/// captured, follows the page's link to the preference page, ticks the list again and saves; the next send to the list
/// mails them again. Screenshots are kept under the test binaries' artifacts/browser.
/// </summary>
public sealed class BrowserPreferenceTests(SqliteOptOutServer fixture, ITestOutputHelper output) : IClassFixture<SqliteOptOutServer>
{
    [SkippableFact]
    public async Task Browser_LeaveListThenRejoinOnPreferencePage_NextSendToListMailsThemAgain()
    {
        fixture.SkipIfUnavailable();
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var listId = await world.CreateListAsync("Weekly jobs");
        var (_, mail) = await world.SendAsync(listId);
        var reader = mail.Values.First();
        var address = reader.Mail.Destination.To.Single();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB" });

        await page.GotoAsync(world.Local(reader.Link).ToString());
        await page.GetByLabel("Leave the list \u201cWeekly jobs\u201d").CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Unsubscribe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: you have left the list \u201cWeekly jobs\u201d.");
        var (left, leftMail) = await world.SendAsync(listId);
        Assert.Equal((1L, 1L), (left.Counts.Sent, left.Counts.Skipped));
        Assert.DoesNotContain(address, leftMail.Keys);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Choose which lists you get" }).ClickAsync();
        var list = page.GetByLabel("Weekly jobs", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(list).Not.ToBeCheckedAsync();
        await BrowserOptOutTests.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("preferences-ask.png"), FullPage = true });
        await list.CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save my choices" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: your choices apply from now on.");
        await Assertions.Expect(page.GetByLabel("Weekly jobs", new PageGetByLabelOptions { Exact = true })).ToBeCheckedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("preferences-saved.png"), FullPage = true });
        output.WriteLine($"screenshots in {Path.GetDirectoryName(Chromium.ArtifactPath("x"))}");

        var (next, nextMail) = await world.SendAsync(listId);
        Assert.Equal((2L, 0L), (next.Counts.Sent, next.Counts.Skipped));
        Assert.Contains(address, nextMail.Keys);
    }
}
