// The check-in screen: a new QR code every 30 seconds (each one is refused after a minute), so
// the code on a photo sent home soon stops working. The address under it follows the code.
document.addEventListener("DOMContentLoaded", () => {
  const image = document.getElementById("check-in-code");
  if (!image) return;
  const seconds = Number(image.dataset.rotationSeconds) * 1000;
  setInterval(async () => {
    const response = await fetch(image.dataset.source, { cache: "no-store" });
    if (!response.ok) return;
    const blob = await response.blob();
    const previous = image.src;
    image.src = URL.createObjectURL(blob);
    if (previous.startsWith("blob:")) URL.revokeObjectURL(previous);
  }, seconds);
});
