using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using UnsubscribeLinks = MassEmail.Core.Sending.UnsubscribeLinks;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// Issue 12 acceptance: a real browser takes the unsubscribe link from a mail the SES emulator captured, chooses all
/// mail, submits and sees the confirmation; the next mass send skips that recipient with OPTED_OUT. The page passes
/// basic accessibility checks. Screenshots are kept under the test binaries' artifacts/browser.
/// </summary>
public sealed class BrowserOptOutTests(SqliteOptOutServer fixture, ITestOutputHelper output) : IClassFixture<SqliteOptOutServer>
{
    [SkippableFact]
    public async Task Browser_AllMailFromLinkInMail_ConfirmedAndNextSendSkipsWithOptedOut()
    {
        fixture.SkipIfUnavailable();
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        var world = await OptOutWorld.CreateAsync(fixture, 2);
        var (_, mail) = await world.SendAsync(await world.CreateListAsync("Weekly jobs"));
        var leaving = mail.Values.First();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB" });

        var opened = await page.GotoAsync(world.Local(leaving.Link).ToString());
        Assert.Equal(200, opened?.Status);
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("unsubscribe-ask.png"), FullPage = true });
        await page.GetByLabel("No more email from Opt-out Org").CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Unsubscribe" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: you will get no more email from Opt-out Org.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ArtifactPath("unsubscribe-done.png"), FullPage = true });
        output.WriteLine($"screenshots in {Path.GetDirectoryName(Chromium.ArtifactPath("x"))}");
        Assert.True(fixture.Server.Services.GetRequiredService<UnsubscribeLinks>().TryRead(leaving.Link.Split('/')[^1], out var target));

        var (next, nextMail) = await world.SendAsync();
        Assert.Equal((1L, 1L), (next.Counts.Sent, next.Counts.Skipped));
        Assert.DoesNotContain(leaving.Mail.Destination.To.Single(), nextMail.Keys);
        var skipped = await world.Setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = next.Id, State = DeliveryState.Skipped });
        var skip = Assert.Single(skipped.Deliveries);
        Assert.Equal((target.RecordId, SkipReason.OptedOut), (skip.RecordId, skip.SkipReason));
    }

    // Basic checks: the document has a language, every visible form control a label, every image a text alternative.
    internal static async Task AssertAccessibleAsync(IPage page)
    {
        Assert.False(string.IsNullOrWhiteSpace(await page.GetAttributeAsync("html", "lang")));
        var unlabelled = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                .map(e => e.outerHTML)
            """);
        Assert.Empty(unlabelled);
        Assert.Equal(0, await page.Locator("img:not([alt])").CountAsync());
    }
}
