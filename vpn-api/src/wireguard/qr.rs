//! A peer's configuration as a QR code (feature `qr`): its content is the wg-quick text, which
//! is what the WireGuard mobile apps read when they "scan from QR code".

use super::config::PeerConfig;
use qrcode::render::{svg, unicode};
use qrcode::{Color, QrCode};
use zeroize::Zeroizing;

/// Pixels per QR module in the PNG: large enough for a phone's camera on a screen.
const PNG_MODULE_PIXELS: usize = 8;
/// The light border around the code, in modules (the QR specification's quiet zone).
const QUIET_ZONE: usize = 4;

/// Why a configuration gave no QR code. It never holds the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    /// The wg-quick text is longer than a QR code holds.
    #[error("the configuration ({0} bytes) is too long for a QR code")]
    TooLong(usize),
    /// The PNG encoder failed.
    #[error("the QR code could not be encoded as PNG: {0}")]
    Png(String),
}

impl PeerConfig {
    /// The QR code of the wg-quick text, in the terminal: two rows of modules per line of
    /// half-block characters, for a terminal with a dark background (the code's light
    /// modules are the drawn ones, so a camera sees dark on light).
    pub fn to_qr_terminal(&self) -> Result<Zeroizing<String>, QrError> {
        let code = self.qr_code()?;
        let text = code
            .render::<unicode::Dense1x2>()
            .dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark)
            .build();
        Ok(Zeroizing::new(text))
    }

    /// The QR code of the wg-quick text as an SVG document.
    pub fn to_qr_svg(&self) -> Result<Zeroizing<String>, QrError> {
        let code = self.qr_code()?;
        let text = code
            .render()
            .min_dimensions(256, 256)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build();
        Ok(Zeroizing::new(text))
    }

    /// The QR code of the wg-quick text as a PNG image (8-bit grey, 8 pixels per module,
    /// with the quiet zone).
    pub fn to_qr_png(&self) -> Result<Zeroizing<Vec<u8>>, QrError> {
        let code = self.qr_code()?;
        let modules = code.width();
        let side = (modules + 2 * QUIET_ZONE) * PNG_MODULE_PIXELS;
        let colors = code.to_colors();
        let mut pixels = vec![0xffu8; side * side];
        for (index, color) in colors.iter().enumerate() {
            if *color == Color::Light {
                continue;
            }
            let (x, y) = (index % modules + QUIET_ZONE, index / modules + QUIET_ZONE);
            for row in y * PNG_MODULE_PIXELS..(y + 1) * PNG_MODULE_PIXELS {
                let start = row * side + x * PNG_MODULE_PIXELS;
                pixels[start..start + PNG_MODULE_PIXELS].fill(0);
            }
        }
        let mut out = Zeroizing::new(Vec::new());
        let png_error = |e: png::EncodingError| QrError::Png(e.to_string());
        let side = u32::try_from(side).map_err(|_| QrError::TooLong(colors.len()))?;
        let mut encoder = png::Encoder::new(&mut *out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(png_error)?;
        writer.write_image_data(&pixels).map_err(png_error)?;
        writer.finish().map_err(png_error)?;
        Ok(out)
    }

    fn qr_code(&self) -> Result<QrCode, QrError> {
        let text = self.to_wg_quick();
        QrCode::new(text.as_bytes()).map_err(|_| QrError::TooLong(text.len()))
    }
}
