"""A real headless Chromium (Debian's chromium and chromedriver) driven by selenium, for the
dashboard's tests and its load-time benchmark."""

from __future__ import annotations

import shutil
import tempfile

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def missing() -> str | None:
    """Why no browser can be started here, or None when one can."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")) or not shutil.which("chromedriver"):
        return "no chromium and chromedriver installed (Debian: apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    return None


def start_chromium(width: int, height: int):
    """A headless Chromium with a window of ``width`` × ``height`` CSS pixels and a profile of its own
    (removed by ``stop_chromium``). Raises selenium's WebDriverException when it cannot start."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tempfile.mkdtemp(prefix="medlint-chromium-")
    for flag in [*CHROMIUM_FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_page_load_timeout(60)
    # --window-size sizes the window, not the viewport pages are laid out in: fix the viewport itself.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.medlint_profile = profile
    return driver


def stop_chromium(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.medlint_profile, ignore_errors=True)
