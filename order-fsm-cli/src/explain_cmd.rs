//! `order-fsm explain`: placeholder until the reference pages are embedded.
