//! Paints a photo-like picture (soft gradients with texture) for the image benchmark:
//! `cargo run --release --example paint_photo -- OUT.jpg WIDTH HEIGHT SEED`.

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (w, h): (u32, u32) = (a[2].parse().unwrap(), a[3].parse().unwrap());
    let seed: u32 = a[4].parse().unwrap();
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let wave = ((x as f32 / 37.0 + seed as f32).sin() * (y as f32 / 23.0).cos() * 18.0) as i32;
        let r = (90.0 + 120.0 * fx) as i32 + wave;
        let g = (140.0 + 60.0 * fy) as i32 - wave / 2;
        let b = (200.0 - 90.0 * fx * fy) as i32 + (seed as i32 % 7) * 5;
        image::Rgb([
            r.clamp(0, 255) as u8,
            g.clamp(0, 255) as u8,
            b.clamp(0, 255) as u8,
        ])
    });
    img.save(&a[1]).unwrap();
}
